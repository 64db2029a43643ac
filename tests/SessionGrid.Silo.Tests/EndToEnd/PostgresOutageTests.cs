using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>
/// PostgreSQL stopped and restarted under heartbeats: heartbeats keep being served, health says
/// degraded, nothing is lost, and the stored counters converge once the database is back.
/// </summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private PostgresServer _server = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartNewAsync();
        _connectionString = await _server.CreateDatabaseAsync("outage");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<T?> ScalarAsync<T>(string sql, string sessionId)
    {
        await using var connection = new NpgsqlConnection(_connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = sessionId } } };
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>A silo on the test's database whose write retries back off at most 1 s.</summary>
    private Task<TestSilo> StartSiloAsync(int? maxPendingWrites = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _connectionString,
            ["Persistence:RetryBackoffMax"] = "00:00:01",
        };
        if (maxPendingWrites is { } max)
        {
            settings["Persistence:MaxPendingWrites"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TestSilo.StartAsync(_time, settings);
    }

    private static async Task<string?> StorageStatusAsync(TestSilo silo)
    {
        var health = await silo.Http.GetFromJsonAsync<JsonElement>("/health");
        return health.GetProperty("components").GetProperty("storage").GetProperty("status").GetString();
    }

    [Fact]
    public async Task DatabaseDownThenBack_HeartbeatsServedAndNothingLost()
    {
        await using var silo = await StartSiloAsync();
        await using var steady = await silo.ConnectAsync();
        await using var leaving = await silo.ConnectAsync();
        long seq = 0;
        await steady.SendHeartbeatAsync("10.2.0.1", pid: 1, seq: ++seq, ack: true);
        await steady.ReceiveTypeAsync("ack");
        await leaving.SendHeartbeatAsync("10.2.0.2", pid: 2, seq: 1, ack: true);
        await leaving.ReceiveTypeAsync("ack");

        await _server.StopAsync();

        // Heartbeats are still served while the store is down...
        for (var i = 0; i < 5; i++)
        {
            await steady.SendHeartbeatAsync("10.2.0.1", pid: 1, seq: ++seq, ack: true);
            Assert.Equal(seq, (await steady.ReceiveTypeAsync("ack")).Seq);
        }

        // ...a transition is made, and the flusher's failing writes show in health.
        await leaving.SendHeartbeatAsync("10.2.0.2", "leave", pid: 2);
        await Eventually.TrueAsync(async () => await StorageStatusAsync(silo) == "degraded", () => _time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal("degraded", await StorageStatusAsync(silo));

        await _server.StartAsync();

        // The transition is acknowledged only once it is durable: the state frame arrives now.
        var stateTask = leaving.ReceiveTypeAsync("state");
        await Eventually.TrueAsync(() => stateTask.IsCompleted, () => _time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal("leave", (await stateTask).Status);
        await Eventually.TrueAsync(
            async () => await ScalarAsync<long>("select heartbeats_received from sessions where session_id = $1", "10.2.0.1:1") == seq,
            () => _time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal(seq, await ScalarAsync<long>("select heartbeats_received from sessions where session_id = $1", "10.2.0.1:1"));
        Assert.Equal("leave", await ScalarAsync<string>("select status from sessions where session_id = $1", "10.2.0.2:2"));
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from session_events where session_id = $1 and to_status = 'leave'", "10.2.0.2:2"));
        Assert.Equal("healthy", await StorageStatusAsync(silo));
    }

    [Fact]
    public async Task TransitionWhileDatabaseDown_SessionKeepsRunningAndTheStateFrameWaitsUntilDurable()
    {
        await using var silo = await StartSiloAsync();
        await using var client = await silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.4.0.1", pid: 1, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        await _server.StopAsync();
        await client.SendHeartbeatAsync("10.4.0.1", "leave", pid: 1);
        await Eventually.TrueAsync(async () => await StorageStatusAsync(silo) == "degraded", () => _time.Advance(TimeSpan.FromSeconds(1)));

        // The leave is not durable, yet the same session's next heartbeats are served: its turns do
        // not wait for the store. (Holding the turn, this ack would only come after the restart.)
        await client.SendHeartbeatAsync("10.4.0.1", pid: 1, seq: 2, ack: true);
        Assert.Equal(2, (await client.ReceiveTypeAsync("ack")).Seq);
        Assert.Equal("leave", (await silo.GetSessionAsync("10.4.0.1:1"))?.Status);

        await _server.StartAsync();

        var stateTask = client.ReceiveTypeAsync("state");
        await Eventually.TrueAsync(() => stateTask.IsCompleted, () => _time.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal("leave", (await stateTask).Status);
        Assert.Equal("leave", await ScalarAsync<string>("select status from sessions where session_id = $1", "10.4.0.1:1"));
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from session_events where session_id = $1 and to_status = 'leave'", "10.4.0.1:1"));
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from orleans_reminders where grain_id = 'clientsession/' || $1 and reminder_name = 'leave-timeout'", "10.4.0.1:1"));
    }

    [Fact]
    public async Task BufferFullWhileDatabaseDown_ShedsCounterUpdatesNeverTheTransitionAndConverges()
    {
        await using var silo = await StartSiloAsync(maxPendingWrites: 2);
        var clients = new List<FrameClient>();
        try
        {
            for (var i = 1; i <= 4; i++)
            {
                var client = await silo.ConnectAsync();
                clients.Add(client);
                await client.SendHeartbeatAsync($"10.3.0.{i}", pid: i, seq: 1, ack: true);
                await client.ReceiveTypeAsync("ack");
            }

            await using var leaving = await silo.ConnectAsync();
            await leaving.SendHeartbeatAsync("10.3.0.9", pid: 9, seq: 1, ack: true);
            await leaving.ReceiveTypeAsync("ack");

            await _server.StopAsync();

            // Four dirty sessions and a transition against a buffer of two: counter updates are shed
            // (and say so in health), the transition is kept.
            for (var i = 1; i <= 4; i++)
            {
                await clients[i - 1].SendHeartbeatAsync($"10.3.0.{i}", pid: i, seq: 2, ack: true);
                await clients[i - 1].ReceiveTypeAsync("ack");
            }

            await leaving.SendHeartbeatAsync("10.3.0.9", "leave", pid: 9);
            await Eventually.TrueAsync(async () => await StorageDataAsync(silo, "shedWrites") > 0, () => _time.Advance(TimeSpan.FromSeconds(1)));

            Assert.Equal("degraded", await StorageStatusAsync(silo));

            await _server.StartAsync();

            var stateTask = leaving.ReceiveTypeAsync("state");
            await Eventually.TrueAsync(() => stateTask.IsCompleted, () => _time.Advance(TimeSpan.FromSeconds(1)));
            Assert.Equal("leave", (await stateTask).Status);
            Assert.Equal(1L, await ScalarAsync<long>("select count(*) from session_events where session_id = $1 and to_status = 'leave'", "10.3.0.9:9"));

            // A shed update is not lost for good: its session stays dirty and is written once the store is back.
            for (var i = 1; i <= 4; i++)
            {
                var id = $"10.3.0.{i}:{i}";
                await Eventually.TrueAsync(
                    async () => await ScalarAsync<long>("select heartbeats_received from sessions where session_id = $1", id) == 2,
                    () => _time.Advance(TimeSpan.FromSeconds(1)));
                Assert.Equal(2L, await ScalarAsync<long>("select heartbeats_received from sessions where session_id = $1", id));
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<long> StorageDataAsync(TestSilo silo, string field)
    {
        var health = await silo.Http.GetFromJsonAsync<JsonElement>("/health");
        return health.GetProperty("components").GetProperty("storage").GetProperty("data").GetProperty(field).GetInt64();
    }
}
