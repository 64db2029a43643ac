using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SessionGrid.Api.Security;

namespace SessionGrid.Silo.Tests.Security;

/// <summary>Browsers sign in with a token once and are then authenticated by an HttpOnly, SameSite=Strict cookie.</summary>
public sealed class SignInTests(KeyedSilo silo) : IClassFixture<KeyedSilo>
{
    private HttpClient Browser(CookieContainer cookies)
        => new(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = silo.Silo.Http.BaseAddress };

    [Fact]
    public async Task SignIn_ValidToken_SetsHttpOnlyStrictCookieThatAuthenticates()
    {
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);

        using var signIn = await browser.PostAsJsonAsync("/auth/sign-in", new { token = KeyedSilo.Token(ApiRoles.Viewer) });
        using var read = await browser.GetAsync("/api/sessions");

        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SignInEndpoints.CookieName + "=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task SignIn_FormField_SetsCookie()
    {
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);

        using var signIn = await browser.PostAsync("/auth/sign-in", new FormUrlEncodedContent([new("token", KeyedSilo.Token(ApiRoles.Operator))]));
        using var read = await browser.GetAsync("/api/stats");

        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task SignOut_ClearsCookie_NextRead401()
    {
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);
        using var signIn = await browser.PostAsJsonAsync("/auth/sign-in", new { token = KeyedSilo.Token(ApiRoles.Viewer) });

        using var signOut = await browser.PostAsync("/auth/sign-out", content: null);
        using var read = await browser.GetAsync("/api/sessions");

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Empty(cookies.GetCookies(browser.BaseAddress!));
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Theory]
    [InlineData("{}", "missing-token")]
    [InlineData("not json", "missing-token")]
    [InlineData("{\"token\":42}", "missing-token")]
    [InlineData("{\"token\":\"a.b.c\"}", "invalid-token")]
    public async Task SignIn_BadBody_ProblemWithCode(string body, string code)
    {
        using var response = await silo.Silo.Http.PostAsync("/auth/sign-in", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(code == "missing-token" ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignIn_TokenWithoutAKnownRole_403AndNoCookie()
    {
        using var response = await silo.Silo.Http.PostAsJsonAsync("/auth/sign-in", new { token = KeyedSilo.Token("guest") });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignIn_ExpiredToken_401TokenExpiredAndNoCookie()
    {
        var expired = KeyedSilo.Token(ApiRoles.Viewer, issuedAt: DateTimeOffset.UtcNow.AddHours(-3));

        using var response = await silo.Silo.Http.PostAsJsonAsync("/auth/sign-in", new { token = expired });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("token-expired", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Cookie_WithBadToken_401InvalidToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.Add("Cookie", $"{SignInEndpoints.CookieName}=forged.token.value");

        using var response = await silo.Silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid-token", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
