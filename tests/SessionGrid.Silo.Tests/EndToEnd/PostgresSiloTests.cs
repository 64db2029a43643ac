using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>The silo switched to PostgreSQL by configuration: real server, real sockets, manual clock.</summary>
public sealed class PostgresSiloTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private string _connectionString = null!;

    public async Task InitializeAsync()
        => _connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("silo");

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<TestSilo> StartSiloAsync() => TestSilo.StartAsync(_time, new Dictionary<string, string?>
    {
        ["ConnectionStrings:Postgres"] = _connectionString,
    });

    private async Task<T?> ScalarAsync<T>(string sql, string sessionId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = sessionId } } };
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    [Fact]
    public async Task Heartbeats_WithPostgres_SessionRowAndEventsAreStored()
    {
        await using var silo = await StartSiloAsync();
        await using (var client = await silo.ConnectAsync())
        {
            await client.SendHeartbeatAsync("10.1.0.5", pid: 5, seq: 1, ack: true);
            await client.ReceiveTypeAsync("ack");
            await client.SendHeartbeatAsync("10.1.0.5", "leave", pid: 5);
            await client.ReceiveTypeAsync("state");
        }

        Assert.Equal("leave", await ScalarAsync<string>("select status from sessions where session_id = $1", "10.1.0.5:5"));
        Assert.Equal(2L, await ScalarAsync<long>("select count(*) from session_events where session_id = $1", "10.1.0.5:5"));
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from orleans_reminders where grain_id = 'clientsession/' || $1 and reminder_name = 'leave-timeout'", "10.1.0.5:5"));
        var health = await silo.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("postgres", health.GetProperty("components").GetProperty("storage").GetProperty("data").GetProperty("mode").GetString());
        Assert.DoesNotContain("Password", health.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TwoSilosOneDatabase_NewOwnerFencesOutTheOld_OldClientClosedWithTakenOver()
    {
        await using var siloA = await StartSiloAsync();
        await using var siloB = await StartSiloAsync();
        await using var onA = await siloA.ConnectAsync();
        await onA.SendHelloAsync("roaming-device");
        await onA.ReceiveTypeAsync("welcome");
        await onA.SendHeartbeatAsync("10.1.0.7", seq: 1, ack: true);
        await onA.ReceiveTypeAsync("ack");

        // The device reconnects through silo B while A still holds its old connection.
        await using var onB = await siloB.ConnectAsync();
        await onB.SendHelloAsync("roaming-device");
        await onB.ReceiveTypeAsync("welcome");

        // A's next write of the session (its counters, flushed behind) is fenced out. The provider holds
        // that write-behind for the write-behind window (250 ms of session time) before it sends it.
        await onA.SendHeartbeatAsync("10.1.0.7", seq: 2, ack: true);
        await onA.ReceiveTypeAsync("ack");
        _time.Advance(TimeSpan.FromSeconds(6));
        var close = onA.ReceiveTypeAsync("close");
        Assert.True(await Eventually.TrueAsync(() => close.IsCompleted, between: () => _time.Advance(TimeSpan.FromMilliseconds(50))));

        Assert.Equal("taken-over", (await close).Reason);
        Assert.True(await onA.WaitForServerCloseAsync());
        await onB.SendHeartbeatAsync("10.1.0.7", seq: 3, ack: true);
        Assert.Equal(3, (await onB.ReceiveTypeAsync("ack")).Seq);
        Assert.Equal(onB.LocalEndpoint, await ScalarAsync<string>("select remote_endpoint from sessions where session_id = $1", "roaming-device"));
        Assert.Equal(2L, await ScalarAsync<long>("select owner_epoch from sessions where session_id = $1", "roaming-device"));
    }

    [Fact]
    public async Task SiloRestartedMidLeave_SessionStillClosesOnTimeFromItsReminder()
    {
        await using (var first = await StartSiloAsync())
        {
            var client = await first.ConnectAsync();
            await client.SendHeartbeatAsync("10.1.0.6", pid: 6, seq: 1, ack: true);
            await client.ReceiveTypeAsync("ack");
            await client.DisposeAsync();
            await first.WaitForSessionAsync("10.1.0.6:6", s => s.Status == "leave");
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        await using var second = await StartSiloAsync();
        Assert.Equal("leave", (await second.GetSessionAsync("10.1.0.6:6"))?.Status);

        _time.Advance(TimeSpan.FromMinutes(21));

        var closed = await second.WaitForSessionAsync("10.1.0.6:6", s => s.Status == "closed");
        Assert.Equal("leave-timeout", closed.StatusReason);
        Assert.Equal("closed", await ScalarAsync<string>("select status from sessions where session_id = $1", "10.1.0.6:6"));
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from orleans_reminders where grain_id = 'clientsession/' || $1 and reminder_name = 'leave-timeout'", "10.1.0.6:6"));

        // The history outlives the silo that made it: the restarted silo serves it from session_events.
        var history = await second.Http.GetFromJsonAsync<JsonElement>("/api/events?session=" + Uri.EscapeDataString("10.1.0.6:6"));
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["closed", "leave", "live"], items.Select(static i => i.GetProperty("transition").GetProperty("to").GetString()));
        Assert.Equal([3L, 2L, 1L], items.Select(static i => i.GetProperty("seq").GetInt64()));
        Assert.All(items, static i => Assert.StartsWith("test-silo/127.0.0.1:", i.GetProperty("silo").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SiloRestartedMidLeave_NobodyLooksAtTheSession_OrleansReminderFromTheDatabaseClosesIt()
    {
        // Real time this time, and nothing activates the session after the restart: only the reminder
        // row that the first silo wrote can bring the grain back and close it.
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _connectionString,
            ["HeartbeatPolicy:LeaveTimeout"] = "00:00:04",
            ["Reminders:MinimumReminderPeriod"] = "00:00:01",
        };
        await using (var first = await TestSilo.StartAsync(settings: settings))
        {
            var client = await first.ConnectAsync();
            await client.SendHeartbeatAsync("10.1.0.8", pid: 8, seq: 1, ack: true);
            await client.ReceiveTypeAsync("ack");
            await client.DisposeAsync();
            await first.WaitForSessionAsync("10.1.0.8:8", s => s.Status == "leave");
            Assert.True(await Eventually.TrueAsync(async () => await ScalarAsync<long>(
                "select count(*) from orleans_reminders where grain_id = 'clientsession/' || $1 and reminder_name = 'leave-timeout'", "10.1.0.8:8") == 1));
        }

        Assert.Equal("leave", await ScalarAsync<string>("select status from sessions where session_id = $1", "10.1.0.8:8"));
        await using var second = await TestSilo.StartAsync(settings: settings);

        Assert.True(
            await Eventually.TrueAsync(async () => await ScalarAsync<string>("select status from sessions where session_id = $1", "10.1.0.8:8") == "closed", timeout: TimeSpan.FromSeconds(60)),
            "the reminder did not close the session");
        Assert.Equal("leave-timeout", await ScalarAsync<string>("select status_reason from sessions where session_id = $1", "10.1.0.8:8"));
        Assert.True(await Eventually.TrueAsync(async () => await ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'clientsession/' || $1 and reminder_name = 'leave-timeout'", "10.1.0.8:8") == 0));
    }
}
