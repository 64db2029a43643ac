using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Gateway.Connections;
using SessionGrid.Protocol;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>
/// Slowloris after the handshake: a frame that has started arriving must complete within
/// Gateway:FrameTimeout, however steadily its bytes trickle in. A silo of its own with a short
/// timeout on the real clock; the tests wait for the server's error frame, never for a duration.
/// </summary>
public sealed class FrameTimeoutTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
        => _silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:FrameTimeout"] = "00:00:02" });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private GatewayMetrics Metrics => _silo.Services.GetRequiredService<GatewayMetrics>();

    [Fact]
    public async Task PartialFrameAfterHandshake_ClosedWithFrameTimeout()
    {
        await using var client = await AttachedClientAsync("slow-1");

        await client.SendRawAsync(ProtocolViolationTests.Header(100).Concat("{\"ip\""u8.ToArray()).ToArray());

        Assert.Equal("frame-timeout", (await client.ReceiveTypeAsync("error")).Code);
        Assert.True(await client.WaitForServerCloseAsync());
        Assert.Equal(1, Metrics.Violations(ProtocolErrorCode.FrameTimeout));
        var session = await _silo.WaitForSessionAsync("slow-1", s => s.Status == "leave");
        Assert.Equal("protocol-violation", session.StatusReason);
    }

    [Fact]
    public async Task BytesTrickleIntoOneFrame_ProgressDoesNotExtendTheDeadline()
    {
        await using var client = await AttachedClientAsync("slow-2");
        await client.SendRawAsync(ProtocolViolationTests.Header(10_000));

        // One byte every 50 ms, each far inside the timeout: if progress re-armed the deadline the
        // frame would be held open for as long as the client keeps dribbling, and no error would come.
        using var stop = new CancellationTokenSource();
        var dribble = DribbleAsync(client, stop.Token);
        var error = await client.ReceiveTypeAsync("error");
        await stop.CancelAsync();
        await dribble;

        Assert.Equal("frame-timeout", error.Code);
        Assert.True(await client.WaitForServerCloseAsync());
    }

    [Fact]
    public async Task FrameSplitAcrossWrites_CompletesAndIsServed()
    {
        await using var client = await AttachedClientAsync("split-1");
        var writer = new ArrayBufferWriter<byte>();
        ClientFrameWriter.WriteHeartbeat(writer, new HeartbeatFields("10.0.0.9", "alive", null, "split-1", 7, null, true), doubleEncoded: false);
        var frame = writer.WrittenMemory;

        await client.SendRawAsync(frame[..6]);
        await client.SendRawAsync(frame[6..]);

        Assert.Equal(7, (await client.ReceiveTypeAsync("ack")).Seq);
        Assert.Equal(0, Metrics.Violations(ProtocolErrorCode.FrameTimeout));
    }

    [Fact]
    public async Task FrameTimeout_NotPositive_RejectedAtStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:FrameTimeout"] = "00:00:00" }));

        Assert.Contains("Gateway:FrameTimeout", error.ToString());
    }

    private async Task<FrameClient> AttachedClientAsync(string id)
    {
        var client = await _silo.ConnectAsync();
        await client.SendHelloAsync(id);
        await client.ReceiveTypeAsync("welcome");
        return client;
    }

    private static async Task DribbleAsync(FrameClient client, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && await client.TrySendRawAsync("x"u8.ToArray(), TimeSpan.FromSeconds(5)))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // Stopped by the test, or the server closed the socket under the dribble: both end it.
        }
    }
}
