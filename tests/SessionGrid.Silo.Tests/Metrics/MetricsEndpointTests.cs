using System.Globalization;
using System.Net;
using SessionGrid.Silo.Tests.Security;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Metrics;

/// <summary><c>/metrics</c> after real traffic: every family operators alert on is there, in Prometheus text.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsEndpointTests
{
    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Metrics_AfterTraffic_ExposesEveryFamily()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        await using (var healthy = await silo.ConnectAsync())
        {
            await healthy.SendHeartbeatAsync("10.9.0.1", pid: 1, seq: 1, ack: true);
            await healthy.ReceiveTypeAsync("ack");
            await healthy.SendHeartbeatAsync("10.9.0.1", pid: 1, seq: 2, ack: true);
            await healthy.ReceiveTypeAsync("ack");
        }

        await using var garbage = await silo.ConnectAsync();
        await garbage.SendBodyAsync("{not json");
        await garbage.ReceiveTypeAsync("error");
        await using var silent = await silo.ConnectAsync();
        await silent.SendHeartbeatAsync("10.9.0.2", pid: 2, seq: 1, ack: true);
        await silent.ReceiveTypeAsync("ack");
        time.Advance(TimeSpan.FromSeconds(31));
        await silent.ReceiveTypeAsync("state");

        string text = "";
        (string Name, string[] Labels)[] expected =
        [
            ("sessiongrid_gateway_heartbeats_total", []),
            ("sessiongrid_gateway_protocol_violations_total", ["code=\"invalid-json\""]),
            ("sessiongrid_sessions_transitions_total", ["from=\"none\"", "reason=\"connected\"", "to=\"live\""]),
            ("sessiongrid_sessions_transitions_total", ["from=\"live\"", "reason=\"heartbeat-timeout\"", "to=\"leave\""]),
            ("sessiongrid_sessions_resident", ["status=\"leave\""]),
            ("sessiongrid_sessions_detection_delay_seconds_bucket", []),
            ("sessiongrid_directory_cache_entries", []),
            ("sessiongrid_storage_batch_size_bucket", []),
            ("sessiongrid_storage_batch_duration_seconds_bucket", []),
            ("sessiongrid_storage_degraded", []),
            ("sessiongrid_storage_pending_writes", []),
            ("orleans_catalog_activation_created_total", ["grain_type=\"clientsession\""]),
        ];

        // The exporter caches a scrape briefly: poll until this traffic shows.
        Assert.True(
            await Eventually.TrueAsync(async () => (text = await ScrapeAsync(silo.Http)) is var scraped && expected.All(e => Sample(scraped, e.Name, e.Labels) is not null)),
            "missing: " + string.Join(", ", expected.Where(e => Sample(text, e.Name, e.Labels) is null).Select(e => e.Name)) + "\n" + text);
        Assert.Equal("3", Sample(text, "sessiongrid_gateway_heartbeats_total"));
        Assert.Equal("1", Sample(text, "sessiongrid_gateway_protocol_violations_total", "code=\"invalid-json\""));
        Assert.Equal("1", Sample(text, "sessiongrid_sessions_detection_delay_seconds_count"));
        Assert.Equal("1", Sample(text, "sessiongrid_sessions_transitions_total", "reason=\"heartbeat-timeout\""));

        // Orleans' directory caches each activation it registers: at least the two sessions.
        Assert.True(double.Parse(Sample(text, "sessiongrid_directory_cache_entries")!, CultureInfo.InvariantCulture) >= 2, text);
    }

    /// <summary>The value of the first sample of <paramref name="name"/> carrying every label given; null when there is none.</summary>
    private static string? Sample(string text, string name, params string[] labels)
        => text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Select(line => line[(line.LastIndexOf(' ') + 1)..].Trim())
            .FirstOrDefault();

    [Fact]
    public async Task Metrics_IncludeOrleansFalse_OnlySessionGridMeters()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Metrics:IncludeOrleans"] = "false" });
        await using var client = await silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.9.1.1", pid: 1, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        string text = "";
        Assert.True(await Eventually.TrueAsync(async () => Sample(text = await ScrapeAsync(silo.Http), "sessiongrid_gateway_heartbeats_total") == "1"), text);
        Assert.DoesNotContain("orleans_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithKey_NeedsViewerToken()
    {
        await using var keyed = new KeyedSilo();
        await keyed.InitializeAsync();

        using var anonymous = await keyed.GetAsync("/metrics", token: null);
        using var viewer = await keyed.GetAsync("/metrics", KeyedSilo.Token("viewer"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
    }

    [Fact]
    public async Task Metrics_AllowAnonymous_ServedWithoutToken()
    {
        await using var keyed = new KeyedSilo();
        keyed.Settings["Metrics:AllowAnonymous"] = "true";
        await keyed.InitializeAsync();

        using var anonymous = await keyed.GetAsync("/metrics", token: null);
        using var api = await keyed.GetAsync("/api/sessions", token: null);

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
