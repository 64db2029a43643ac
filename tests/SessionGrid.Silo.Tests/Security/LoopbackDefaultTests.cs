using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionGrid.Silo.Hosting;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Security;

/// <summary>Secure by default: no signing key means loopback only, and loopback callers are operators.</summary>
public sealed class LoopbackDefaultTests
{
    [Fact]
    public async Task NoKey_NoListenAddress_BindsLoopbackOnlyAndServesLoopbackCallers()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Http:ListenAddress"] = null });

        using var response = await silo.Http.GetAsync("/api/sessions");

        Assert.Equal(IPAddress.Loopback, silo.Services.GetRequiredService<SiloEndpoints>().Http.Address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("10.1.2.3")]
    public async Task NoKey_NonLoopbackListenAddress_RefusesToStartWithTheReason(string address)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Http:ListenAddress"] = address }));

        Assert.Contains($"Http:ListenAddress {IPAddress.Parse(address)} reaches beyond loopback, which needs Auth:SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFromSessionGridSigningKey_RequiresTokens()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["SESSIONGRID_SIGNING_KEY"] = KeyedSilo.Key });

        using var response = await silo.Http.GetAsync("/api/sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ShortKey_RefusesToStartWithTheReason()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Auth:SigningKey"] = "too-short" }));

        Assert.Contains("Auth:SigningKey must be at least 32 bytes (was 9).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoKey_SignIn_400AuthDisabled()
    {
        await using var silo = await TestSilo.StartAsync();

        using var response = await silo.Http.PostAsJsonAsync("/auth/sign-in", new { token = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("auth-disabled", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
