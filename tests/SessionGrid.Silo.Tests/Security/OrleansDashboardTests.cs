using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using SessionGrid.Api.Security;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Security;

/// <summary>Orleans' dashboard at /orleans: operators only, behind the same tokens and cookie as the API; its log trace hidden by default.</summary>
public sealed class OrleansDashboardTests(KeyedSilo silo) : IClassFixture<KeyedSilo>
{
    [Theory]
    [InlineData("/orleans/index.html")]
    [InlineData("/orleans/DashboardCounters")]
    public async Task Dashboard_Anonymous_401(string path)
    {
        using var response = await silo.GetAsync(path, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/orleans/index.html")]
    [InlineData("/orleans/DashboardCounters")]
    public async Task Dashboard_Viewer_403(string path)
    {
        using var response = await silo.GetAsync(path, KeyedSilo.Token(ApiRoles.Viewer));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Operator_200()
    {
        var token = KeyedSilo.Token(ApiRoles.Operator);

        using var page = await silo.GetAsync("/orleans/index.html", token);
        using var counters = await silo.GetAsync("/orleans/DashboardCounters", token);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
    }

    [Fact]
    public async Task Dashboard_OperatorSignedInWithCookie_200()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = silo.Silo.Http.BaseAddress };
        using var signIn = await browser.PostAsync("/auth/sign-in", new FormUrlEncodedContent([new("token", KeyedSilo.Token(ApiRoles.Operator))]));

        // What a browser opens: /orleans, and the redirect it follows carries the cookie.
        using var page = await browser.GetAsync("/orleans");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Dashboard_Trace_HiddenByDefault()
    {
        using var trace = await silo.GetAsync("/orleans/Trace", KeyedSilo.Token(ApiRoles.Operator));

        Assert.NotEqual(HttpStatusCode.OK, trace.StatusCode);
        Assert.Contains("disabled", await trace.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Dashboard_ShowTrace_StreamsTheTrace()
    {
        await using var traced = new KeyedSilo();
        traced.Settings["OrleansDashboard:ShowTrace"] = "true";
        await traced.InitializeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orleans/Trace");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KeyedSilo.Token(ApiRoles.Operator));

        // The trace is an endless stream: the status line is all this test reads.
        using var trace = await traced.Silo.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Disabled_404()
    {
        await using var plain = new KeyedSilo();
        plain.Settings["OrleansDashboard:Enabled"] = "false";
        await plain.InitializeAsync();

        using var page = await plain.GetAsync("/orleans/index.html", KeyedSilo.Token(ApiRoles.Operator));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task Dashboard_SampleInterval_AppliedToOrleansDashboard()
    {
        await using var sampled = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["OrleansDashboard:SampleInterval"] = "00:00:02" });

        Assert.Equal(2000, sampled.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.CounterUpdateIntervalMs);
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("00:00:01.500")]
    [InlineData("02:00:00")]
    public async Task Dashboard_SampleIntervalNotWholeSecondsFrom1sTo1h_RefusesToStartWithTheReason(string interval)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["OrleansDashboard:SampleInterval"] = interval }));

        Assert.Contains($"OrleansDashboard:SampleInterval must be whole seconds from 1 s to 1 hour (was {TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture)})", error.Message, StringComparison.Ordinal);
    }
}
