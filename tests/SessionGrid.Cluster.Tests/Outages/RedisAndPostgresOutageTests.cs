using Npgsql;
using SessionGrid.Cluster.Tests.Support;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Cluster;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Cluster.Tests.Outages;

/// <summary>Redis and PostgreSQL go down together: the silos keep counting, and once both are back every count and transition is stored.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisAndPostgresOutageTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private string _database = null!;
    private SiloCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartNewAsync();
        _database = await _postgres.CreateDatabaseAsync("both_down");
        _cluster = await SiloCluster.StartAsync(2, new Dictionary<string, string> { ["Persistence:MaxStaleness"] = "00:00:01" }, _database);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task BothDown_HeartbeatsAndByeMeanwhile_AllStoredOnceBothAreBack()
    {
        var (first, second) = (_cluster[0], _cluster[1]);
        await using var counting = await first.ConnectAsync();
        await using var leaving = await second.ConnectAsync();
        for (var seq = 1; seq <= 3; seq++)
        {
            await counting.SendHeartbeatAsync("10.7.0.1", id: "both-counting", seq: seq, ack: true);
            await counting.ReceiveTypeAsync("ack");
            await leaving.SendHeartbeatAsync("10.7.0.2", id: "both-leaving", seq: seq, ack: true);
            await leaving.ReceiveTypeAsync("ack");
        }

        await _cluster.Redis.StopAsync();
        await _postgres.StopAsync();

        for (var seq = 4; seq <= 8; seq++)
        {
            await counting.SendHeartbeatAsync("10.7.0.1", id: "both-counting", seq: seq, ack: true);
            Assert.Equal(seq, (await counting.ReceiveTypeAsync("ack")).Seq);
        }

        await leaving.SendByeAsync("going");
        await Health.WaitForAsync(first, "storage", "degraded");
        await Health.WaitForAsync(first, "membership", "degraded");

        await _postgres.StartAsync();
        await _cluster.Redis.StartAsync();

        await Health.WaitForAsync(first, "storage", "healthy");
        await Health.WaitForAsync(second, "membership", "healthy");
        Assert.Equal("client-closed", (await leaving.ReceiveTypeAsync("close")).Reason);
        var stored = await WaitForRowsAsync(rows =>
            rows.TryGetValue("both-counting", out var c) && c.Heartbeats == 8
            && rows.TryGetValue("both-leaving", out var l) && l.Status == "closed");
        Assert.Equal(("live", 8L), (stored["both-counting"].Status, stored["both-counting"].Heartbeats));
        Assert.Equal(("closed", "client-closed", 3L), (stored["both-leaving"].Status, stored["both-leaving"].Reason, stored["both-leaving"].Heartbeats));
    }

    private async Task<Dictionary<string, (string Status, string Reason, long Heartbeats)>> WaitForRowsAsync(Func<Dictionary<string, (string Status, string Reason, long Heartbeats)>, bool> condition)
    {
        Dictionary<string, (string, string, long)> rows = [];
        var done = await Eventually.TrueAsync(async () =>
        {
            rows = [];
            await using var connection = new NpgsqlConnection(_database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT session_id, status, status_reason, heartbeats_received FROM sessions", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
            }

            return condition(rows);
        }, timeout: TimeSpan.FromSeconds(60));
        Assert.True(done, $"Stored rows: {string.Join("; ", rows.Select(r => $"{r.Key}={r.Value}"))}\n{_cluster.Describe()}");
        return rows;
    }
}
