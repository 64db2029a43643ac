using SessionGrid.TestKit.Silo;
using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Text.Json;
using SessionGrid.Gateway.Connections;
using SessionGrid.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>Bad input over a real socket: an error frame when possible, a close, a count, never a crash.</summary>
public sealed class ProtocolViolationTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private GatewayMetrics Metrics => _silo.Services.GetRequiredService<GatewayMetrics>();

    internal static byte[] Header(int length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        return header;
    }

    [Theory]
    [InlineData("{\"ip\":", "invalid-json")]
    [InlineData("[1,2,3]", "not-an-object")]
    [InlineData("42", "not-an-object")]
    [InlineData("{\"status\":\"alive\"}", "missing-ip")]
    [InlineData("{\"ip\":\"10.0.0.1\"}", "missing-status")]
    [InlineData("{\"ip\":\"10.0.0.1\",\"status\":\"sleeping\"}", "invalid-status")]
    [InlineData("{\"ip\":\"10.0.0.1\",\"status\":\"alive\",\"pid\":\"x\"}", "invalid-field")]
    [InlineData("{\"type\":\"dance\"}", "unknown-type")]
    public async Task BadBody_ErrorFrameThenClose(string body, string code)
    {
        await using var client = await _silo.ConnectAsync();

        await client.SendBodyAsync(body);

        var error = await client.ReceiveTypeAsync("error");
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.True(await client.WaitForServerCloseAsync());
    }

    [Fact]
    public async Task InvalidUtf8_ErrorFrameThenClose()
    {
        await using var client = await _silo.ConnectAsync();
        byte[] body = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

        await client.SendRawAsync(Header(body.Length).Concat(body).ToArray());

        Assert.Equal("invalid-utf8", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
    }

    [Fact]
    public async Task OversizedLength_ClosedFromHeaderAloneWithoutWaitingForBody()
    {
        await using var client = await _silo.ConnectAsync();

        await client.SendRawAsync(Header(FrameCodec.DefaultMaxFrameLength + 1));

        Assert.Equal("frame-too-large", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
        Assert.Equal(1, Metrics.Violations(ProtocolErrorCode.FrameTooLarge));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task NonPositiveLength_InvalidLengthThenClose(int length)
    {
        await using var client = await _silo.ConnectAsync();

        await client.SendRawAsync(Header(length));

        Assert.Equal("invalid-length", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
    }

    [Fact]
    public async Task PeerClosesMidFrame_CountedAsTruncated()
    {
        var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.5", pid: 5, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        await client.SendRawAsync(Header(100).Concat("{\"ip\":\"10"u8.ToArray()).ToArray());

        await client.DisposeAsync();

        var session = await _silo.WaitForSessionAsync("10.0.0.5:5", s => s.Status == "leave");
        Assert.Equal("protocol-violation", session.StatusReason);
        Assert.Equal(1, session.Counters.ProtocolViolations);
        Assert.Equal(1, Metrics.Violations(ProtocolErrorCode.TruncatedFrame));
    }

    [Fact]
    public async Task ViolationAfterHeartbeats_CountedOnSessionAndInHealth()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.6", pid: 6, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        await client.SendBodyAsync("not json");
        await client.ReceiveTypeAsync("error");
        Assert.True(await client.WaitForServerCloseAsync());

        var session = await _silo.WaitForSessionAsync("10.0.0.6:6", s => s.Status == "leave");
        Assert.Equal(1, session.Counters.ProtocolViolations);
        using var health = JsonDocument.Parse(await _silo.Http.GetStringAsync("/health"));
        var violations = health.RootElement.GetProperty("components").GetProperty("gateway").GetProperty("data").GetProperty("protocolViolations");
        Assert.Equal(1, violations.GetProperty("invalid-json").GetInt64());
    }

    [Fact]
    public async Task HeartbeatNamingAnotherSession_SessionChangedThenClose()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.7", pid: 1, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        await client.SendHeartbeatAsync("10.0.0.7", pid: 2);

        Assert.Equal("session-changed", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
        Assert.Null(await _silo.GetSessionAsync("10.0.0.7:2"));
        Assert.Equal(1, (await _silo.WaitForSessionAsync("10.0.0.7:1", s => s.Status == "leave")).Counters.ProtocolViolations);
    }

    [Fact]
    public async Task HelloWithAnotherIdAfterAttach_SessionChanged()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHelloAsync("dev-a");
        await client.ReceiveTypeAsync("welcome");

        await client.SendHelloAsync("dev-b");

        Assert.Equal("session-changed", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
    }

    [Fact]
    public async Task IdTooLong_InvalidFieldThenClose()
    {
        await using var client = await _silo.ConnectAsync();

        await client.SendHelloAsync(new string('x', IdentifierRules.MaxIdBytes + 1));

        var error = await client.ReceiveTypeAsync("error");
        Assert.Equal("invalid-field", error.Code);
        Assert.Contains("\"id\"", error.Message);
        Assert.True(await client.WaitForServerCloseAsync());
    }

    [Fact]
    public async Task ManyBadClients_SiloKeepsServingGoodOnes()
    {
        for (var i = 0; i < 20; i++)
        {
            await using var bad = await _silo.ConnectAsync();
            await bad.SendRawAsync(i % 2 == 0 ? Header(-1) : Header(3).Concat("{{{"u8.ToArray()).ToArray());
            await bad.WaitForServerCloseAsync();
        }

        await using var good = await _silo.ConnectAsync();
        await good.SendHeartbeatAsync("10.0.0.200", pid: 200, seq: 1, ack: true);
        Assert.Equal(1, (await good.ReceiveTypeAsync("ack")).Seq);
        var health = await _silo.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }
}
