using SessionGrid.TestKit.Silo;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Gateway.Connections;
using SessionGrid.Protocol;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>
/// Connections that never complete a frame are closed. A silo of its own with a short timeout, so
/// the other violation tests keep the default and a slow first frame cannot trip them.
/// </summary>
public sealed class HandshakeTimeoutTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
        => _silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:HandshakeTimeout"] = "00:00:01" });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private GatewayMetrics Metrics => _silo.Services.GetRequiredService<GatewayMetrics>();

    [Fact]
    public async Task SilentConnection_ClosedAfterHandshakeTimeout()
    {
        await using var client = await _silo.ConnectAsync();

        Assert.Equal("handshake-timeout", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
        Assert.Equal(1, Metrics.Violations(ProtocolErrorCode.HandshakeTimeout));
    }

    [Fact]
    public async Task PartialFrameForever_SlowlorisClosedAfterHandshakeTimeout()
    {
        await using var client = await _silo.ConnectAsync();

        await client.SendRawAsync(ProtocolViolationTests.Header(100).Concat("{\"ip\""u8.ToArray()).ToArray());

        Assert.Equal("handshake-timeout", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
    }


    [Fact]
    public async Task HelloWithoutIdAndNoHeartbeat_ClosedAfterHandshakeTimeout()
    {
        await using var client = await _silo.ConnectAsync();

        await client.SendBodyAsync("""{"type":"hello","interval":5}""");

        Assert.Equal("handshake-timeout", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
    }

    [Fact]
    public async Task HelloWithoutIdThenHeartbeat_WelcomeNamesTheHeartbeatsSession()
    {
        await using var client = await _silo.ConnectAsync();

        await client.SendBodyAsync("""{"type":"hello","interval":5}""");
        await client.SendHeartbeatAsync("10.0.0.8", pid: 8);

        var welcome = await client.ReceiveTypeAsync("welcome");
        Assert.Equal("10.0.0.8:8", welcome.Session);
        Assert.Equal(5, welcome.Interval);
    }
}
