using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Api.Security;
using SessionGrid.Silo.Hosting;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Security;

/// <summary>With a signing key: who gets in, who does not, and what they are told (over real HTTP).</summary>
public sealed class AuthenticationTests(KeyedSilo silo) : IClassFixture<KeyedSilo>
{
    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Api_NoToken_401Unauthenticated()
    {
        using var response = await silo.GetAsync("/api/sessions", token: null);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Api_WronglySignedToken_401InvalidToken()
    {
        var forged = SessionTokens.Create(new AuthOptions { SigningKey = "another-key-that-is-also-32-bytes-long" }, ApiRoles.Operator, "mallory", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

        using var response = await silo.GetAsync("/api/sessions", forged);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-token");
    }

    [Fact]
    public async Task Api_WrongAudience_401InvalidToken()
    {
        var other = SessionTokens.Create(new AuthOptions { SigningKey = KeyedSilo.Key, Audience = "elsewhere" }, ApiRoles.Viewer, "alice", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

        using var response = await silo.GetAsync("/api/sessions", other);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-token");
    }

    [Fact]
    public async Task Api_ExpiredToken_401TokenExpired()
    {
        var expired = KeyedSilo.Token(ApiRoles.Operator, lifetime: TimeSpan.FromHours(1), issuedAt: DateTimeOffset.UtcNow.AddHours(-3));

        using var response = await silo.GetAsync("/api/sessions", expired);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "token-expired");
    }

    [Fact]
    public async Task Api_Garbage_401InvalidToken()
    {
        using var response = await silo.GetAsync("/api/sessions", "not.a.token");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-token");
    }

    [Theory]
    [InlineData(ApiRoles.Viewer)]
    [InlineData(ApiRoles.Operator)]
    public async Task Api_ViewerOrOperatorReads_200(string role)
    {
        using var list = await silo.GetAsync("/api/sessions", KeyedSilo.Token(role));
        using var stats = await silo.GetAsync("/api/stats", KeyedSilo.Token(role));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
    }

    [Fact]
    public async Task Api_TokenWithUnknownRole_403Forbidden()
    {
        using var response = await silo.GetAsync("/api/sessions", KeyedSilo.Token("guest"));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Kick_Viewer_403Forbidden_AndTheClientKeepsItsSession()
    {
        await using var client = await ConnectAsync("auth-kick-viewer");

        using var response = await silo.SendAsync(HttpMethod.Post, "/api/sessions/auth-kick-viewer/kick", KeyedSilo.Token(ApiRoles.Viewer), JsonContent.Create(new { reason = "try" }));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("live", (await silo.Silo.Grain("auth-kick-viewer").GetSnapshotAsync())!.Status);
    }

    [Fact]
    public async Task Kick_Operator_ClosesTheSessionAndTheEventNamesTheTokenSubject()
    {
        await using var client = await ConnectAsync("auth-kick-operator");

        using var response = await silo.SendAsync(HttpMethod.Post, "/api/sessions/auth-kick-operator/kick", KeyedSilo.Token(ApiRoles.Operator, subject: "bob"), JsonContent.Create(new { reason = "rollback" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bob", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("by").GetString());
        Assert.Equal("kicked", (await client.ReceiveTypeAsync("close")).Reason);
        var kicked = (await silo.Silo.Grain("auth-kick-operator").GetSnapshotAsync())!.RecentTransitions[^1];
        Assert.Equal(("closed", "kicked", "bob", "rollback"), (kicked.To, kicked.Reason, kicked.By, kicked.Note));
    }

    private async Task<FrameClient> ConnectAsync(string id)
    {
        var client = await silo.Silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.1", id: id, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        return client;
    }

    [Fact]
    public async Task Health_NoToken_StaysAnonymous()
    {
        using var response = await silo.GetAsync("/health", token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Listen_WithKeyAndNoAddress_BindsEveryInterface()
    {
        // KeyedSilo leaves TestSilo's loopback address; the default is what a deployment gets.
        await using var open = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Auth:SigningKey"] = KeyedSilo.Key, ["Http:ListenAddress"] = null });

        Assert.Equal(IPAddress.Any, open.Services.GetRequiredService<SiloEndpoints>().Http.Address);
    }
}
