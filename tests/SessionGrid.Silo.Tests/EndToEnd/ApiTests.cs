using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>The HTTP API over a real socket: lists, detail, events, health and bad input.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
        => _silo = await TestSilo.StartAsync(_time, new Dictionary<string, string?> { ["Persistence:MaxStaleness"] = "00:00:01" });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private async Task<FrameClient> BeatAsync(string ip, long pid)
    {
        var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync(ip, pid: pid, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        return client;
    }

    [Fact]
    public async Task ListSessions_StatusFilterAndLimit_ReturnsMatchingOrderedById()
    {
        await using var a = await BeatAsync("10.0.0.1", 3);
        await using var b = await BeatAsync("10.0.0.1", 1);
        await using var c = await BeatAsync("10.0.0.1", 2);
        await c.SendHeartbeatAsync("10.0.0.1", "leave", pid: 2);
        await c.ReceiveTypeAsync("state");

        var live = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/sessions?status=live");
        var limited = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/sessions?limit=2");

        Assert.Equal(["10.0.0.1:1", "10.0.0.1:3"], live.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sessionId").GetString()));
        Assert.Equal(2, live.GetProperty("count").GetInt32());
        Assert.Equal(["10.0.0.1:1", "10.0.0.1:2"], limited.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task ListSessions_CountersReachTheStoreWithinStaleness()
    {
        await using var client = await BeatAsync("10.0.0.2", 1);
        await client.SendHeartbeatAsync("10.0.0.2", pid: 1, seq: 2, ack: true);
        await client.ReceiveTypeAsync("ack");

        _time.Advance(TimeSpan.FromSeconds(2));

        long heartbeats = 0;
        await Eventually.TrueAsync(async () =>
        {
            var page = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/sessions");
            heartbeats = page.GetProperty("items")[0].GetProperty("counters").GetProperty("heartbeatsReceived").GetInt64();
            return heartbeats == 2;
        });

        Assert.Equal(2, heartbeats);
    }

    [Fact]
    public async Task Stats_CountsStoredSessionsByStatus()
    {
        await using var live = await BeatAsync("10.0.0.6", 1);
        await using var leaving = await BeatAsync("10.0.0.6", 2);
        await leaving.SendHeartbeatAsync("10.0.0.6", "leave", pid: 2);
        await leaving.ReceiveTypeAsync("state");

        var stats = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/stats");

        var sessions = stats.GetProperty("sessions");
        Assert.Equal(1, sessions.GetProperty("live").GetInt64());
        Assert.Equal(1, sessions.GetProperty("leave").GetInt64());
        Assert.Equal(0, sessions.GetProperty("closed").GetInt64());
    }

    [Fact]
    public async Task GetSession_Unknown_404WithProblemCode()
    {
        using var response = await _silo.Http.GetAsync("/api/sessions/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("session-not-found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Events_AfterTransitions_NewestFirst()
    {
        await using var client = await BeatAsync("10.0.0.3", 1);
        await client.SendHeartbeatAsync("10.0.0.3", "leave", pid: 1);
        await client.ReceiveTypeAsync("state");

        var events = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/events?limit=10");

        var items = events.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("leave", items[0].GetProperty("transition").GetProperty("to").GetString());
        Assert.Equal("client-leave", items[0].GetProperty("transition").GetProperty("reason").GetString());
        Assert.Equal("live", items[1].GetProperty("transition").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Events_OneSession_OnlyItsHistory()
    {
        await using var other = await BeatAsync("10.0.0.5", 1);
        await using var client = await BeatAsync("10.0.0.5", 2);
        await client.SendHeartbeatAsync("10.0.0.5", "leave", pid: 2);
        await client.ReceiveTypeAsync("state");

        var events = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/events?session=" + Uri.EscapeDataString("10.0.0.5:2"));

        var items = events.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["leave", "live"], items.Select(static i => i.GetProperty("transition").GetProperty("to").GetString()));
        Assert.All(items, static i => Assert.Equal("10.0.0.5:2", i.GetProperty("sessionId").GetString()));
        Assert.Equal([2L, 1L], items.Select(static i => i.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Health_ReportsEveryComponent()
    {
        await using var client = await BeatAsync("10.0.0.4", 1);

        var health = await _silo.Http.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        var components = health.GetProperty("components");
        Assert.Equal("test-silo", components.GetProperty("runtime").GetProperty("data").GetProperty("silo").GetString());
        var runtime = components.GetProperty("runtime").GetProperty("data");
        Assert.Equal("Microsoft Orleans", runtime.GetProperty("engine").GetString());
        Assert.StartsWith("test-", runtime.GetProperty("clusterId").GetString());
        Assert.Equal("sessiongrid", runtime.GetProperty("serviceId").GetString());
        Assert.True(runtime.GetProperty("siloPort").GetInt32() > 0);
        Assert.Equal(0, runtime.GetProperty("orleansGatewayPort").GetInt32());
        Assert.Contains(":" + runtime.GetProperty("siloPort").GetInt32(), runtime.GetProperty("siloAddress").GetString());
        Assert.Equal("memory", components.GetProperty("storage").GetProperty("data").GetProperty("mode").GetString());
        Assert.Equal(1, components.GetProperty("gateway").GetProperty("data").GetProperty("connectionsOpen").GetInt64());
    }
}
