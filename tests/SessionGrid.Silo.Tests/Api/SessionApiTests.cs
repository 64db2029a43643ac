using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Api;

/// <summary>
/// The operator API over real HTTP against a real silo, the same tests in each storage mode (one subclass
/// per mode): every filter and sort, cursor paging under churn, kick, ids with "/", the live stream and
/// bad input. Sessions are made by real clients on the gateway, on a manual session clock.
/// </summary>
public abstract class SessionApiTests : IAsyncLifetime
{
    protected ManualTimeProvider Time { get; } = new();

    protected TestSilo Silo { get; private set; } = null!;

    private readonly List<FrameClient> _clients = [];

    /// <summary>Settings of the mode under test (a PostgreSQL connection string, or none).</summary>
    protected abstract Task<IDictionary<string, string?>> ModeSettingsAsync();

    public async Task InitializeAsync() => Silo = await StartSiloAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Silo.DisposeAsync();
    }

    protected async Task<TestSilo> StartSiloAsync()
    {
        var settings = await ModeSettingsAsync();
        settings["Persistence:MaxStaleness"] = "00:00:01";
        return await TestSilo.StartAsync(Time, settings);
    }

    [Fact]
    public async Task ListSessions_EachFilter_OnlyMatchingSessions()
    {
        var start = await FleetAsync();

        Assert.Equal(["api/a", "other-d"], await IdsAsync("/api/sessions?status=live"));
        Assert.Equal(["api/b"], await IdsAsync("/api/sessions?status=leave"));
        Assert.Equal(["api/c"], await IdsAsync("/api/sessions?status=closed"));
        // The silo filter takes a silo name (every generation of it) or an owner value as sessions show it
        // (the silo's name and its address with generation: that generation only).
        var owner = await OwnerAsync("api/a");
        Assert.StartsWith("test-silo/", owner);
        Assert.Equal(["api/a", "api/b", "api/c", "other-d"], await IdsAsync("/api/sessions?silo=" + Uri.EscapeDataString(owner)));
        Assert.Equal(["api/a", "api/b", "api/c", "other-d"], await IdsAsync("/api/sessions?silo=test-silo"));
        Assert.Empty(await IdsAsync("/api/sessions?silo=test"));
        Assert.Empty(await IdsAsync("/api/sessions?silo=" + Uri.EscapeDataString(owner[..owner.LastIndexOf('@')] + "@1")));
        Assert.Equal(4, (await IdsAsync("/api/sessions?ip=127.0.0.1")).Count);
        Assert.Equal(4, (await IdsAsync("/api/sessions?ip=" + Uri.EscapeDataString("127.0.0.0/8"))).Count);
        Assert.Equal(4, (await IdsAsync("/api/sessions?ip=" + Uri.EscapeDataString("127.*"))).Count);
        Assert.Empty(await IdsAsync("/api/sessions?ip=" + Uri.EscapeDataString("10.*")));
        Assert.Equal(["api/a", "api/b", "api/c"], await IdsAsync("/api/sessions?prefix=" + Uri.EscapeDataString("api/")));
        Assert.Empty(await IdsAsync("/api/sessions?prefix=" + Uri.EscapeDataString("api%")));

        // Last heartbeats: a at start + 1 s, b at +2 s, c at +3 s, d at +4 s.
        Assert.Equal(["api/a", "api/b"], await IdsAsync("/api/sessions?heartbeatBefore=" + Time(start.AddSeconds(3))));
        Assert.Equal(["api/c", "other-d"], await IdsAsync("/api/sessions?heartbeatAfter=" + Time(start.AddSeconds(3))));
        Assert.Equal(["api/b", "api/c"], await IdsAsync($"/api/sessions?heartbeatAfter={Time(start.AddSeconds(2))}&heartbeatBefore={Time(start.AddSeconds(4))}"));
        Assert.Equal(["api/a"], await IdsAsync($"/api/sessions?status=live&prefix=api&ip=127.*&silo={Uri.EscapeDataString(owner)}&heartbeatBefore={Time(start.AddSeconds(4))}"));

        static string Time(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O"));
    }

    [Theory]
    [InlineData("id", "asc", new[] { "api/a", "api/b", "api/c", "other-d" })]
    [InlineData("id", "desc", new[] { "other-d", "api/c", "api/b", "api/a" })]
    [InlineData("last-heartbeat", "asc", new[] { "api/a", "api/b", "api/c", "other-d" })]
    [InlineData("last-heartbeat", "desc", new[] { "other-d", "api/c", "api/b", "api/a" })]
    [InlineData("state-since", "asc", new[] { "api/a", "api/b", "other-d", "api/c" })]
    [InlineData("state-since", "desc", new[] { "api/c", "other-d", "api/b", "api/a" })]
    [InlineData("heartbeats", "asc", new[] { "api/b", "api/c", "api/a", "other-d" })]
    [InlineData("heartbeats", "desc", new[] { "other-d", "api/a", "api/c", "api/b" })]
    public async Task ListSessions_EachSortAndOrder_InThatOrder(string sort, string order, string[] expected)
    {
        await FleetAsync();

        Assert.Equal(expected, await IdsAsync($"/api/sessions?sort={sort}&order={order}"));
    }

    [Fact]
    public async Task ListSessions_FollowingNextWhileSessionsChange_UnchangedSessionsSeenExactlyOnce()
    {
        for (var i = 0; i < 12; i++)
        {
            await ConnectAsync($"page-{i:D2}", heartbeats: 1 + (i % 4));
        }

        await WaitForStoredHeartbeatsAsync(12 + (0 + 1 + 2 + 3) * 3);
        var seen = new List<string>();
        var changed = new HashSet<string>();
        var url = "/api/sessions?sort=heartbeats&order=desc&limit=5";
        var next = (string?)null;
        var round = 0;
        do
        {
            var page = await GetJsonAsync(next is null ? url : url + "&cursor=" + Uri.EscapeDataString(next));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(static i => i.GetProperty("sessionId").GetString()!));
            next = page.GetProperty("next").GetString();

            // Between pages: a new session, and one existing session leaves (a status change).
            var fresh = $"page-new-{round}";
            await ConnectAsync(fresh, heartbeats: 9);
            changed.Add(fresh);
            var leaving = $"page-{round * 3:D2}";
            var client = _clients.First(c => Owner(c) == leaving);
            await client.SendHeartbeatAsync("10.0.0.1", "leave", id: leaving);
            await client.ReceiveTypeAsync("state");
            changed.Add(leaving);
            round++;
        }
        while (next is not null);

        foreach (var id in Enumerable.Range(0, 12).Select(static i => $"page-{i:D2}").Where(id => !changed.Contains(id)))
        {
            Assert.Equal(1, seen.Count(s => s == id));
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task ListSessions_CursorWithOtherFiltersOrTampered_400InvalidCursor()
    {
        await FleetAsync();
        var page = await GetJsonAsync("/api/sessions?limit=1&sort=heartbeats");
        var next = page.GetProperty("next").GetString()!;
        var tampered = (next[0] == 'A' ? "B" : "A") + next[1..];

        await AssertProblemAsync("/api/sessions?limit=1&sort=heartbeats&order=desc&cursor=" + next, "invalid-cursor");
        await AssertProblemAsync("/api/sessions?limit=1&sort=id&cursor=" + next, "invalid-cursor");
        await AssertProblemAsync("/api/sessions?limit=1&sort=heartbeats&status=live&cursor=" + next, "invalid-cursor");
        await AssertProblemAsync("/api/sessions?limit=1&sort=heartbeats&cursor=" + tampered, "invalid-cursor");
        Assert.Single((await GetJsonAsync("/api/sessions?limit=1&sort=heartbeats&cursor=" + next)).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/sessions?status=sleeping", "invalid-status")]
    [InlineData("/api/sessions?status=live'--", "invalid-status")]
    [InlineData("/api/sessions?limit=0", "invalid-limit")]
    [InlineData("/api/sessions?limit=1001", "invalid-limit")]
    [InlineData("/api/sessions?limit=99999999999999999999", "invalid-limit")]
    [InlineData("/api/sessions?limit=abc", "invalid-limit")]
    [InlineData("/api/sessions?sort=name", "invalid-sort")]
    [InlineData("/api/sessions?sort=id;DROP%20TABLE%20sessions", "invalid-sort")]
    [InlineData("/api/sessions?order=up", "invalid-order")]
    [InlineData("/api/sessions?ip=10.1", "invalid-ip")]
    [InlineData("/api/sessions?ip=10.1.2.3/16", "invalid-ip")]
    [InlineData("/api/sessions?ip=%27%20OR%201%3D1", "invalid-ip")]
    [InlineData("/api/sessions?heartbeatBefore=yesterday", "invalid-time")]
    [InlineData("/api/sessions?prefix=", "invalid-prefix")]
    [InlineData("/api/sessions?silo=", "invalid-silo")]
    [InlineData("/api/sessions?cursor=not-a-cursor", "invalid-cursor")]
    [InlineData("/api/sessions?cursor=eyJrIjoxLCJpIjoieCJ9.AAAAAAAAAAAAAAAA", "invalid-cursor")]
    [InlineData("/api/sessions?stauts=live", "unknown-parameter")]
    [InlineData("/api/sessions?status=live&status=leave", "repeated-parameter")]
    [InlineData("/api/events?limit=-1", "invalid-limit")]
    [InlineData("/api/events?session=", "invalid-session")]
    [InlineData("/api/events?status=gone", "invalid-status")]
    [InlineData("/api/events?since=1", "unknown-parameter")]
    [InlineData("/api/events/stream?status=gone", "invalid-status")]
    [InlineData("/api/events/stream?prefix=", "invalid-prefix")]
    [InlineData("/api/stats?x=1", "unknown-parameter")]
    [InlineData("/api/sessions/some-id?verbose=1", "unknown-parameter")]
    [InlineData("/api/sessions/some-id/events?limit=5", "unknown-parameter")]
    public async Task BadQuery_400ProblemWithCode(string url, string code)
    {
        await AssertProblemAsync(url, code);
    }

    // Without a signing key, loopback callers act as the operator named "local" (docs/operations.md).
    private const string LoopbackActor = "local";

    [Fact]
    public async Task Kick_ConnectedClient_GetsCloseKickedAndTheTimelineShowsWhoAndWhy()
    {
        var client = await ConnectAsync("fleet/kick-me", heartbeats: 1);

        using var response = await Silo.Http.PostAsJsonAsync("/api/sessions/fleet%2Fkick-me/kick", new { reason = "stuck firmware" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var kick = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(LoopbackActor, kick.GetProperty("by").GetString());
        var close = await client.ReceiveTypeAsync("close");
        Assert.Equal("kicked", close.Reason);
        Assert.True(await client.WaitForServerCloseAsync());
        var timeline = await GetJsonAsync("/api/sessions/fleet%2Fkick-me/events");
        var items = timeline.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("fleet/kick-me", timeline.GetProperty("sessionId").GetString());
        Assert.Equal(["live", "closed"], items.Select(static i => i.GetProperty("to").GetString()));
        Assert.Equal("kicked", items[1].GetProperty("reason").GetString());
        Assert.Equal(LoopbackActor, items[1].GetProperty("by").GetString());
        Assert.Equal("stuck firmware", items[1].GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("by").ValueKind);
        Assert.Equal("closed", (await GetJsonAsync("/api/sessions/fleet%2Fkick-me")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Kick_WithoutBody_KicksWithNoNote()
    {
        var client = await ConnectAsync("plain-kick", heartbeats: 1);

        using var response = await Silo.Http.PostAsync("/api/sessions/plain-kick/kick", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kicked", (await client.ReceiveTypeAsync("close")).Reason);
        var last = (await GetJsonAsync("/api/sessions/plain-kick/events")).GetProperty("items").EnumerateArray().Last();
        Assert.Equal(JsonValueKind.Null, last.GetProperty("note").ValueKind);
    }

    [Fact]
    public async Task Kick_UnknownClosedOrBadBody_ProblemWithCode()
    {
        var client = await ConnectAsync("kick-twice", heartbeats: 1);
        using (var first = await Silo.Http.PostAsJsonAsync("/api/sessions/kick-twice/kick", new { reason = "once" }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await AssertProblemAsync(HttpMethod.Post, "/api/sessions/kick-twice/kick", JsonContent.Create(new { reason = "twice" }), HttpStatusCode.Conflict, "session-closed");
        await AssertProblemAsync(HttpMethod.Post, "/api/sessions/nobody/kick", JsonContent.Create(new { reason = "x" }), HttpStatusCode.NotFound, "session-not-found");
        await AssertProblemAsync(HttpMethod.Post, "/api/sessions/kick-twice/kick", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, "invalid-body");
        await AssertProblemAsync(HttpMethod.Post, "/api/sessions/kick-twice/kick", new StringContent("reason=x", System.Text.Encoding.UTF8, "text/plain"), HttpStatusCode.BadRequest, "invalid-body");
        await AssertProblemAsync(HttpMethod.Post, "/api/sessions/kick-twice/kick", JsonContent.Create(new { reason = new string('x', 257) }), HttpStatusCode.BadRequest, "invalid-reason");
        await AssertProblemAsync(HttpMethod.Post, "/api/sessions/" + new string('x', 513) + "/kick", null, HttpStatusCode.BadRequest, "invalid-id");
        GC.KeepAlive(client);
    }

    [Fact]
    public async Task SessionIdsWithSlashAndPercent_PercentEncoded_ReachTheirOwnSession()
    {
        await ConnectAsync("fleet/device-42", heartbeats: 1);
        await ConnectAsync("fleet%2Fdevice-42", heartbeats: 2);

        var slash = await GetJsonAsync("/api/sessions/fleet%2Fdevice-42");
        var percent = await GetJsonAsync("/api/sessions/fleet%252Fdevice-42");
        var timeline = await GetJsonAsync("/api/sessions/fleet%2Fdevice-42/events");

        Assert.Equal("fleet/device-42", slash.GetProperty("sessionId").GetString());
        Assert.Equal("fleet%2Fdevice-42", percent.GetProperty("sessionId").GetString());
        Assert.Equal("fleet/device-42", timeline.GetProperty("sessionId").GetString());
        Assert.Single(timeline.GetProperty("items").EnumerateArray());
        using var unencoded = await Silo.Http.GetAsync("/api/sessions/fleet/device-42");
        Assert.Equal(HttpStatusCode.NotFound, unencoded.StatusCode);
    }

    [Fact]
    public async Task EventStream_TransitionHappens_ArrivesAsServerSentEventFilteredByStatusAndPrefix()
    {
        var client = await ConnectAsync("stream/a", heartbeats: 1);
        await ConnectAsync("elsewhere", heartbeats: 1);
        using var stream = await SseStream.OpenAsync(Silo.Http, "/api/events/stream?status=leave&prefix=" + Uri.EscapeDataString("stream/"));

        await Silo.Grain("elsewhere").KickAsync(new Grains.Sessions.KickRequest("test", null));
        await client.SendHeartbeatAsync("10.0.0.1", "leave", id: "stream/a");
        await client.ReceiveTypeAsync("state");

        var item = await stream.NextAsync();
        Assert.Equal("transition", item.EventType);
        var data = JsonDocument.Parse(item.Data).RootElement;
        Assert.Equal("stream/a", data.GetProperty("sessionId").GetString());
        Assert.Equal("leave", data.GetProperty("transition").GetProperty("to").GetString());
        Assert.Equal("client-leave", data.GetProperty("transition").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Events_FilteredByStatusAndPrefix_NewestFirst()
    {
        var a = await ConnectAsync("ev/a", heartbeats: 1);
        await ConnectAsync("ev/b", heartbeats: 1);
        await ConnectAsync("nope", heartbeats: 1);
        await a.SendHeartbeatAsync("10.0.0.1", "leave", id: "ev/a");
        await a.ReceiveTypeAsync("state");

        var live = await GetJsonAsync("/api/events?status=live&prefix=ev%2F");
        var leave = await GetJsonAsync("/api/events?status=leave");

        Assert.Equal(["ev/b", "ev/a"], live.GetProperty("items").EnumerateArray().Select(static i => i.GetProperty("sessionId").GetString()));
        Assert.Equal(["ev/a"], leave.GetProperty("items").EnumerateArray().Select(static i => i.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task Stats_BySiloHeartbeatRateAndTransitions()
    {
        await FleetAsync();

        var stats = await GetJsonAsync("/api/stats");

        Assert.Equal("test-silo", stats.GetProperty("silo").GetString());
        Assert.Equal(2, stats.GetProperty("sessions").GetProperty("live").GetInt64());
        Assert.Equal(1, stats.GetProperty("sessions").GetProperty("leave").GetInt64());
        Assert.Equal(1, stats.GetProperty("sessions").GetProperty("closed").GetInt64());
        Assert.Equal(2, stats.GetProperty("silos").GetProperty(await OwnerAsync("api/a")).GetProperty("live").GetInt64());
        Assert.True(stats.GetProperty("heartbeatsPerSecond").GetDouble() > 0);
        var transitions = stats.GetProperty("transitionsLastMinute");
        Assert.Equal(4, transitions.GetProperty("live").GetInt64());
        Assert.Equal(1, transitions.GetProperty("leave").GetInt64());
        Assert.Equal(1, transitions.GetProperty("closed").GetInt64());
    }

    [Fact]
    public async Task OpenApi_DescribesEveryEndpointWithSummaries()
    {
        var document = await GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/sessions", "/api/sessions/{id}", "/api/sessions/{id}/events", "/api/sessions/{id}/kick", "/api/events", "/api/events/stream", "/api/stats" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not described");
            foreach (var operation in item.EnumerateObject().Where(static o => o.Name is "get" or "post"))
            {
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()));
            }
        }

        var list = paths.GetProperty("/api/sessions").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(static p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("cursor", list, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("heartbeatBefore", list, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Four sessions from the start time, one second apart: api/a live since +1 s (3 heartbeats, last at
    /// +1 s), api/b leave since +2 s (1 heartbeat and a declared leave, last at +2 s), api/c (2 heartbeats,
    /// last at +3 s, bye at +5 s: closed since +5 s), other-d live since +4 s (5 heartbeats, last at +4 s).
    /// Counters are in the store when this returns.
    /// </summary>
    protected async Task<DateTimeOffset> FleetAsync()
    {
        var start = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(1));
        await ConnectAsync("api/a", heartbeats: 3);
        Time.Advance(TimeSpan.FromSeconds(1));
        var b = await ConnectAsync("api/b", heartbeats: 1);
        await b.SendHeartbeatAsync("10.0.0.1", "leave", id: "api/b");
        await b.ReceiveTypeAsync("state");
        Time.Advance(TimeSpan.FromSeconds(1));
        var c = await ConnectAsync("api/c", heartbeats: 2);
        Time.Advance(TimeSpan.FromSeconds(1));
        await ConnectAsync("other-d", heartbeats: 5);
        Time.Advance(TimeSpan.FromSeconds(1));
        await c.SendByeAsync();
        Assert.True(await c.WaitForServerCloseAsync());
        await WaitForStoredHeartbeatsAsync(3 + 2 + 2 + 5);
        return start;
    }

    /// <summary>A client whose session is <paramref name="id"/>, after <paramref name="heartbeats"/> acknowledged heartbeats.</summary>
    private async Task<string> OwnerAsync(string id)
        => (await GetJsonAsync("/api/sessions/" + Uri.EscapeDataString(id))).GetProperty("ownerSilo").GetString()!;

    protected async Task<FrameClient> ConnectAsync(string id, int heartbeats)
    {
        var client = await Silo.ConnectAsync();
        _clients.Add(client);
        for (var seq = 1; seq <= heartbeats; seq++)
        {
            await client.SendHeartbeatAsync("10.0.0.1", id: id, seq: seq, ack: true);
            await client.ReceiveTypeAsync("ack");
        }

        _owners[client] = id;
        return client;
    }

    private readonly Dictionary<FrameClient, string> _owners = [];

    private string Owner(FrameClient client) => _owners.GetValueOrDefault(client, "");

    /// <summary>Counters are written behind: moves the session clock past the staleness bound until the store has them all.</summary>
    protected async Task WaitForStoredHeartbeatsAsync(long total)
    {
        long stored = 0;
        var reached = await Eventually.TrueAsync(
            async () =>
            {
                var page = await GetJsonAsync("/api/sessions?limit=1000");
                stored = page.GetProperty("items").EnumerateArray().Sum(static i => i.GetProperty("counters").GetProperty("heartbeatsReceived").GetInt64());
                return stored >= total;
            },
            between: () => Time.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.True(reached, $"the store has {stored} heartbeats, expected {total}");
    }

    protected async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await Silo.Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    protected async Task<List<string>> IdsAsync(string url)
        => (await GetJsonAsync(url)).GetProperty("items").EnumerateArray().Select(static i => i.GetProperty("sessionId").GetString()!).ToList();

    private Task AssertProblemAsync(string url, string code) => AssertProblemAsync(HttpMethod.Get, url, null, HttpStatusCode.BadRequest, code);

    private async Task AssertProblemAsync(HttpMethod method, string url, HttpContent? content, HttpStatusCode status, string code)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await Silo.Http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }
}
