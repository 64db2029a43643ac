using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using SessionGrid.Api.Security;
using SessionGrid.TestKit.Silo;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.Tokens;

/// <summary><c>sessiongrid token create</c>: what it prints is what the silo accepts, and bad input is refused clearly.</summary>
public sealed class TokenCreateCommandTests
{
    private const string Key = "tool-test-signing-key-of-32-bytes-or-more";

    private static async Task<TokenValidationOutcome> ValidateAsync(string output, AuthOptions? options = null)
    {
        var result = await SessionTokens.ValidateAsync(options ?? new AuthOptions { SigningKey = Key }, output.Trim());
        return new TokenValidationOutcome(result.IsValid, result.ClaimsIdentity, result.SecurityToken as JsonWebToken);
    }

    private sealed record TokenValidationOutcome(bool IsValid, ClaimsIdentity Identity, JsonWebToken? Token);

    [Theory]
    [InlineData("viewer")]
    [InlineData("operator")]
    public async Task Create_PrintsTokenTheSiloAccepts_WithRoleSubjectAndExpiry(string role)
    {
        var before = DateTimeOffset.UtcNow;

        var run = await CliRun.InvokeAsync($"token create --role {role} --key {Key} --expires 2h --subject alice");

        Assert.Equal(0, run.ExitCode);
        var token = await ValidateAsync(run.Output);
        Assert.True(token.IsValid);
        Assert.Equal(role, token.Identity.FindFirst(SessionTokens.RoleClaim)?.Value);
        Assert.Equal("alice", new ClaimsPrincipal(token.Identity).ActorName());
        Assert.InRange(token.Token!.ValidTo, before.UtcDateTime.AddHours(2).AddSeconds(-1), DateTime.UtcNow.AddHours(2).AddSeconds(1));
        Assert.Contains("Token for alice as " + role, run.Error);
        Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Create_TokenOpensARealSilosApi()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Auth:SigningKey"] = Key });
        var run = await CliRun.InvokeAsync($"token create --role viewer --key {Key} --expires 1h --subject dave");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", run.Output.Trim());
        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("45m", 45 * 60)]
    [InlineData("3d", 3 * 86400)]
    public async Task Create_ExpiresUnits_SetTheLifetime(string expires, int seconds)
    {
        var run = await CliRun.InvokeAsync($"token create --role viewer --key {Key} --expires {expires} --subject bob");

        var token = await ValidateAsync(run.Output);
        Assert.Equal(TimeSpan.FromSeconds(seconds), token.Token!.ValidTo - token.Token.IssuedAt);
    }

    [Fact]
    public async Task Create_OtherKey_DoesNotValidate()
    {
        var run = await CliRun.InvokeAsync($"token create --role operator --key {Key}-other --expires 1h --subject eve");

        Assert.Equal(0, run.ExitCode);
        Assert.False((await ValidateAsync(run.Output)).IsValid);
    }

    [Fact]
    public async Task Create_IssuerAndAudience_MustMatchTheSilo()
    {
        var run = await CliRun.InvokeAsync($"token create --role viewer --key {Key} --expires 1h --subject carol --issuer acme --audience acme-api");

        Assert.False((await ValidateAsync(run.Output)).IsValid);
        Assert.True((await ValidateAsync(run.Output, new AuthOptions { SigningKey = Key, Issuer = "acme", Audience = "acme-api" })).IsValid);
    }

    [Theory]
    [InlineData("--role admin --key " + Key + " --expires 1h", "admin")]
    [InlineData("--role viewer --key " + Key + " --expires 1x", "--expires must be a whole number followed by s, m, h or d (e.g. 30m, 1h, 2d), at most 366d (got '1x')")]
    [InlineData("--role viewer --key " + Key + " --expires -1h", "--expires must be a whole number")]
    [InlineData("--role viewer --key " + Key + " --expires 0h", "--expires must be a whole number")]
    [InlineData("--role viewer --key " + Key + " --expires h", "--expires must be a whole number")]
    [InlineData("--role viewer --key " + Key + " --expires 400d", "at most 366d (got '400d')")]
    [InlineData("--role viewer --key " + Key + " --expires 99999999999999999d", "--expires must be a whole number")]
    [InlineData("--role viewer --key short --expires 1h", "the signing key must be at least 32 bytes (was 5)")]
    [InlineData("--key " + Key + " --expires 1h", "--role")]
    [InlineData("--role viewer --key " + Key, "--expires")]
    public async Task Create_BadInput_ExitsTwoWithClearMessage(string options, string expected)
    {
        var run = await CliRun.InvokeAsync("token create " + options);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.True(run.IsClean, run.Error);
        Assert.Equal("", run.Output);
    }
}
