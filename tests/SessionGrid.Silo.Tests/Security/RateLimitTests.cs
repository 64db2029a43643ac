using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SessionGrid.Api.Security;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Security;

/// <summary>The API's per-client budget: a token's subject, or the address for anonymous callers.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly KeyedSilo _silo = new();

    public RateLimitTests()
    {
        _silo.Settings["RateLimiting:PermitLimit"] = "3";
        _silo.Settings["RateLimiting:Window"] = "01:00:00";
    }

    public Task InitializeAsync() => _silo.InitializeAsync();

    public Task DisposeAsync() => _silo.DisposeAsync();

    [Fact]
    public async Task Api_OverTheBudget_429ProblemWithRetryAfter()
    {
        var alice = KeyedSilo.Token(ApiRoles.Viewer, "alice");
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await _silo.GetAsync("/api/sessions", alice);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var rejected = await _silo.GetAsync("/api/sessions", alice);

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        var retryAfter = int.Parse(Assert.Single(rejected.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        var problem = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate-limited", problem.GetProperty("code").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Api_BudgetIsPerSubject_AnotherSubjectStillServed()
    {
        var alice = KeyedSilo.Token(ApiRoles.Viewer, "alice");
        for (var i = 0; i < 4; i++)
        {
            using var _ = await _silo.GetAsync("/api/sessions", alice);
        }

        using var bob = await _silo.GetAsync("/api/sessions", KeyedSilo.Token(ApiRoles.Viewer, "bob"));
        using var aliceAgain = await _silo.GetAsync("/api/sessions", KeyedSilo.Token(ApiRoles.Operator, "alice"));

        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, aliceAgain.StatusCode);
    }

    [Fact]
    public async Task Anonymous_BudgetIsPerAddress_TokensUnaffected()
    {
        for (var i = 0; i < 3; i++)
        {
            using var unauthenticated = await _silo.GetAsync("/api/sessions", token: null);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        }

        using var rejected = await _silo.GetAsync("/api/sessions", token: null);
        using var signIn = await _silo.Silo.Http.PostAsJsonAsync("/auth/sign-in", new { token = "x" });
        using var withToken = await _silo.GetAsync("/api/sessions", KeyedSilo.Token(ApiRoles.Viewer));
        using var health = await _silo.GetAsync("/health", token: null);

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("RateLimiting:PermitLimit", "0", "RateLimiting:PermitLimit must be at least 1 (was 0).")]
    [InlineData("RateLimiting:Window", "00:00:00", "RateLimiting:Window must be positive (was 00:00:00).")]
    public async Task BadLimits_RefuseToStart(string key, string value, string sentence)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(sentence, error.Message, StringComparison.Ordinal);
    }
}
