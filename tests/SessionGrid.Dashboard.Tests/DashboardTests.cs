using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using SessionGrid.Api.Security;
using SessionGrid.Dashboard.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace SessionGrid.Dashboard.Tests;

/// <summary>The dashboard in real Chromium against a real silo with tokens required.</summary>
[Collection(nameof(DashboardCollection))]
public sealed class DashboardTests(Chromium chromium, DashboardSilo grid)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = DashboardPage.Timeout };

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
        // Silos are listed by owner value: the silo's name, then its address and generation.
        await Expect(dashboard.Page.GetByText(new System.Text.RegularExpressions.Regex("^test-silo/127\\.0\\.0\\.1:\\d+@\\d+$"))).ToBeVisibleAsync(Visible);
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
