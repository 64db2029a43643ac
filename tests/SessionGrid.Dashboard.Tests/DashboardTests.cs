using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using SessionGrid.Api.Security;
using SessionGrid.Dashboard.Tests.Browser;
using SessionGrid.TestKit;
using static Microsoft.Playwright.Assertions;

namespace SessionGrid.Dashboard.Tests;

/// <summary>The dashboard in real Chromium against a real silo with tokens required.</summary>
[Collection(nameof(DashboardCollection))]
public sealed class DashboardTests(Chromium chromium, DashboardSilo grid)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = DashboardPage.Timeout };

    private static readonly System.Text.RegularExpressions.Regex SiloOwner = new("^test-silo/127\\.0\\.0\\.1:\\d+@\\d+$");

    [Fact]
    public async Task Overview_NotSignedIn_RedirectsToSignInAndABadTokenIsRefused()
    {
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);

        await dashboard.Page.GotoAsync("/sessions");
        await Expect(dashboard.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in\\?returnUrl=%2Fsessions$"), new() { Timeout = DashboardPage.Timeout });
        await dashboard.Page.Locator("[data-interactive=true]").WaitForAsync();
        await dashboard.Page.Locator("#token").FillAsync("not-a-token");
        await dashboard.Button("Sign in").ClickAsync();

        await Expect(dashboard.Page.Locator("[data-testid=sign-in-error]")).ToContainTextAsync("not valid", new() { Timeout = DashboardPage.Timeout });
    }

    [Fact]
    public async Task Overview_SignedInAsViewer_ShowsLiveSessionsAndTheirSilo()
    {
        await grid.ConnectAsync("overview/one");
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);

        await dashboard.SignInAsync(DashboardSilo.Token(ApiRoles.Viewer, "vera"));

        await Expect(dashboard.Page.Locator("[data-testid=user]")).ToHaveTextAsync("vera (viewer)");
        await Expect(dashboard.Page.Locator("[data-testid=sessions-live]")).Not.ToHaveTextAsync("0", new() { Timeout = DashboardPage.Timeout });
        // Silos are listed by owner value: the silo's name, then its address and generation (the grid's row; the chart labels its bar the same).
        await Expect(dashboard.Page.Locator("[data-testid=silo-grid]").GetByText(SiloOwner)).ToBeVisibleAsync(Visible);
    }

    [Fact]
    public async Task Overview_ClientBeatsThenSaysBye_ChartsDrawTheHeartbeatsAndTheClose()
    {
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);
        await dashboard.SignInAsync(DashboardSilo.Token(ApiRoles.Viewer, "vera"));
        const int Heartbeats = 20;
        string[] charts = ["chart-sessions", "chart-heartbeats", "chart-transitions", "chart-silos"];
        foreach (var chart in charts)
        {
            // plotly marks the element it has drawn in.
            await Expect(dashboard.Page.Locator($"[data-testid={chart}].js-plotly-plot")).ToBeVisibleAsync(Visible);
        }

        // plotly.js comes from the package, served by the silo: the dashboard works offline.
        await Expect(dashboard.Page.Locator("script#plotly-import")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^\\./_content/Plotly\\.Blazor/plotly-basic-[0-9.]+\\.min\\.js$"));

        // Wait for a refresh drawn after the first reading, so the next points are the ones that count.
        Assert.True(await Eventually.TrueAsync(async () => Line(await dashboard.ChartAsync("chart-sessions"), "closed")?.Values.Length >= 2), "the sessions chart took no refresh");
        var closedBefore = Line(await dashboard.ChartAsync("chart-sessions"), "closed")!.Values[^1] ?? 0;
        var siloClosedBefore = SiloBar(await dashboard.ChartAsync("chart-silos"), "closed") ?? 0;
        var ratePointsBefore = (await dashboard.ChartAsync("chart-heartbeats")).ToDictionary(static t => t.Name, static t => t.Values.Length);

        var client = await grid.ConnectAsync("charts/beating", heartbeats: Heartbeats);
        await client.SendByeAsync();

        // Closed sessions stay stored: the count only grows, whatever the other tests' sessions do meanwhile.
        Assert.True(
            await Eventually.TrueAsync(async () => Line(await dashboard.ChartAsync("chart-sessions"), "closed")?.Values[^1] >= closedBefore + 1),
            $"the closed line never rose above {closedBefore}");
        Assert.True(
            await Eventually.TrueAsync(async () => SiloBar(await dashboard.ChartAsync("chart-silos"), "closed") >= siloClosedBefore + 1),
            $"the silo's closed bar never grew past {siloClosedBefore}");

        // No other client beats during this test, so the new points account for exactly these heartbeats:
        // each is a rate over the time since the point before, and none may fall between two refreshes.
        Assert.True(
            await Eventually.TrueAsync(async () => HeartbeatsDrawn(await dashboard.ChartAsync("chart-heartbeats"), ratePointsBefore) >= Heartbeats - 0.5),
            "the heartbeat chart never drew the client's heartbeats");
        Assert.InRange(HeartbeatsDrawn(await dashboard.ChartAsync("chart-heartbeats"), ratePointsBefore), Heartbeats - 0.5, Heartbeats + 0.5);
        Assert.Equal(["live", "leave", "closed"], (await dashboard.ChartAsync("chart-transitions")).Select(static t => t.Name));
        Assert.True(
            await Eventually.TrueAsync(async () => Line(await dashboard.ChartAsync("chart-transitions"), "closed")?.Values[^1] >= 1),
            "the bye never showed among the last minute's transitions to closed");
    }

    [Fact]
    public async Task Sessions_FilterByPrefixAndSortByHeartbeatsDescending_ShowsOnlyMatchesInThatOrder()
    {
        await grid.ConnectAsync("sort/few", heartbeats: 1);
        await grid.ConnectAsync("sort/many", heartbeats: 3);
        await grid.ConnectAsync("other/ignored", heartbeats: 2);
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);
        await dashboard.SignInAsync(DashboardSilo.Token(ApiRoles.Viewer, "vera"), "/sessions");

        await dashboard.Page.Locator("#prefix").FillAsync("sort/");
        await dashboard.Page.Locator("#sort").SelectOptionAsync("heartbeats");
        await dashboard.Page.Locator("#order").SelectOptionAsync("desc");
        await dashboard.Button("Apply").ClickAsync();

        await Expect(dashboard.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("prefix=sort%2F.*sort=heartbeats.*order=desc|prefix=sort%2F.*order=desc.*sort=heartbeats"), new() { Timeout = DashboardPage.Timeout });
        var links = dashboard.Page.Locator("[data-testid=sessions-grid] a.session-link");
        await Expect(links).ToHaveTextAsync(["sort/many", "sort/few"], new() { Timeout = DashboardPage.Timeout });
    }

    [Fact]
    public async Task Sessions_BadIpFilter_SaysWhyInsteadOfListing()
    {
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);
        await dashboard.SignInAsync(DashboardSilo.Token(ApiRoles.Viewer, "vera"), "/sessions?ip=10.1");

        await Expect(dashboard.Page.GetByText("ip must be an address")).ToBeVisibleAsync(Visible);
        await Expect(dashboard.Page.Locator("[data-testid=sessions-grid]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SessionDetail_IdWithSlashOpenedFromTheList_ShowsCountersAndTimeline()
    {
        await grid.ConnectAsync("detail/with/slashes", heartbeats: 2, ip: "10.9.8.7");
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);
        await dashboard.SignInAsync(DashboardSilo.Token(ApiRoles.Viewer, "vera"), "/sessions?prefix=detail%2F");

        await dashboard.Page.GetByRole(AriaRole.Link, new() { Name = "detail/with/slashes" }).ClickAsync();

        await Expect(dashboard.Page.Locator("[data-testid=session-id]")).ToHaveTextAsync("detail/with/slashes", new() { Timeout = DashboardPage.Timeout });
        await Expect(dashboard.Page.Locator("[data-testid=session-status]")).ToContainTextAsync("live");
        await Expect(dashboard.Page.Locator("[data-testid=timeline]")).ToContainTextAsync("connected");
        await Expect(dashboard.Page.GetByText("test-silo").First).ToBeVisibleAsync(Visible);
    }

    [Fact]
    public async Task Kick_AsOperatorAfterConfirming_ClientGetsCloseKickedAndTimelineNamesTheOperator()
    {
        var client = await grid.ConnectAsync("kick/me");
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);
        await dashboard.SignInAsync(DashboardSilo.Token(ApiRoles.Operator, "olga"), "/sessions/" + Uri.EscapeDataString("kick/me"));

        await dashboard.Page.Locator("[data-testid=kick]").ClickAsync();
        await dashboard.Button("Kick", within: "fluent-dialog").ClickAsync();

        var close = await client.ReceiveTypeAsync("close");
        Assert.Equal("kicked", close.Reason);
        await Expect(dashboard.Page.Locator("[data-testid=session-status]")).ToContainTextAsync("closed", new() { Timeout = DashboardPage.Timeout });
        await Expect(dashboard.Page.Locator("[data-testid=timeline]")).ToContainTextAsync("olga");
        await Expect(dashboard.Page.Locator("[data-testid=kick]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Viewer_SeesNoKickButton_AndTheApiRefusesTheirKick()
    {
        var client = await grid.ConnectAsync("viewer/cannot-kick");
        var token = DashboardSilo.Token(ApiRoles.Viewer, "vera");
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);
        await dashboard.SignInAsync(token, "/sessions/" + Uri.EscapeDataString("viewer/cannot-kick"));

        await Expect(dashboard.Page.Locator("[data-testid=session-status]")).ToContainTextAsync("live", new() { Timeout = DashboardPage.Timeout });
        await Expect(dashboard.Page.Locator("[data-testid=kick]")).ToHaveCountAsync(0);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions/viewer%2Fcannot-kick/kick");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await grid.Silo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("live", (await grid.Silo.Grain("viewer/cannot-kick").GetSnapshotAsync())!.Status);
        GC.KeepAlive(client);
    }

    /// <summary>
    /// Heartbeats the test silo's rate line accounts for after the points it had (<paramref name="pointsBefore"/>):
    /// each point's rate times the seconds since the point before it.
    /// </summary>
    private static double HeartbeatsDrawn(IReadOnlyList<ChartTrace> chart, IReadOnlyDictionary<string, int> pointsBefore)
    {
        var line = chart.Single(static t => SiloOwner.IsMatch(t.Name));
        var times = line.Labels.Select(static l => DateTime.ParseExact(l, "yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var total = 0d;
        for (var i = Math.Max(1, pointsBefore.GetValueOrDefault(line.Name)); i < line.Values.Length; i++)
        {
            total += (line.Values[i] ?? 0) * (times[i] - times[i - 1]).TotalSeconds;
        }

        return total;
    }

    private static ChartTrace? Line(IReadOnlyList<ChartTrace> chart, string name) => chart.FirstOrDefault(t => t.Name == name);

    /// <summary>The length of the test silo's bar for <paramref name="status"/>; null when there is none.</summary>
    private static double? SiloBar(IReadOnlyList<ChartTrace> chart, string status)
        => Line(chart, status) is { } trace && Array.FindIndex(trace.Labels, static l => SiloOwner.IsMatch(l)) is var index and >= 0 ? trace.Values[index] : null;

    [Fact]
    public async Task EventFeed_ClientSaysBye_TheTransitionArrivesLive()
    {
        var client = await grid.ConnectAsync("feed/leaving");
        await using var dashboard = await DashboardPage.OpenAsync(chromium.Browser, grid.BaseUrl);
        await dashboard.SignInAsync(DashboardSilo.Token(ApiRoles.Viewer, "vera"), "/events");
        var feed = dashboard.Page.Locator("[data-testid=event-feed]");
        await Expect(feed).ToContainTextAsync("feed/leaving", new() { Timeout = DashboardPage.Timeout });
        await Expect(feed).Not.ToContainTextAsync("client-closed");

        await client.SendByeAsync();

        await Expect(feed).ToContainTextAsync("client-closed", new() { Timeout = DashboardPage.Timeout });
    }
}
