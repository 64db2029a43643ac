using SessionGrid.Grains.Sessions;
using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Gateway.Connections;
using SessionGrid.Protocol;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>A client that stops reading must not be able to hold a kicked connection open.</summary>
public sealed class SlowReaderTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
        => _silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:CloseTimeout"] = "00:00:00.300" });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Kick_ClientThatNeverReads_ConnectionAbortedAfterCloseTimeout()
    {
        await using var client = await FrameClient.ConnectAsync(_silo.Gateway, receiveBufferSize: 4096);
        var chunk = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 2000; i++)
        {
            ClientFrameWriter.WriteHeartbeat(chunk, new HeartbeatFields("10.0.0.5", "alive", 5, null, i, null, Ack: true), doubleEncoded: false);
        }

        // Ask for acks and never read them, and keep sending: the server ends up blocked writing acks
        // nobody reads while the client's next frames wait, unread, in its socket.
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                await client.TrySendRawAsync(chunk.WrittenMemory, TimeSpan.FromSeconds(30));
            }
        });
        var metrics = _silo.Services.GetRequiredService<GatewayMetrics>();

        // On a loaded machine the first frame can take longer than a poll below: without this, a silo
        // that has not yet served anything would look jammed, and the kick would find no session.
        await _silo.WaitForSessionAsync("10.0.0.5:5", static s => s.Status == "live");
        var jammed = false;
        for (var i = 0; i < 100 && !jammed && !sender.IsCompleted; i++)
        {
            var before = metrics.FramesIn;
            await Task.Delay(300);
            jammed = metrics.FramesIn == before && !sender.IsCompleted;
        }

        // Reaching the jam depends on kernel buffer sizes; when it is not reached the kick takes the
        // ordinary path, and the assertions below must hold either way. (Without the abort, a jammed
        // connection stays open: this test then fails on ConnectionsOpen.)
        Assert.Equal(1, metrics.ConnectionsOpen);

        Assert.True(await _silo.Grain("10.0.0.5:5").KickAsync(new KickRequest("test", null)));

        await Eventually.TrueAsync(() => metrics.ConnectionsOpen == 0);

        Assert.Equal(0, metrics.ConnectionsOpen);
        Assert.Equal("closed", (await _silo.GetSessionAsync("10.0.0.5:5"))?.Status);

        // Whatever was still in flight, reading ends (reset after an abort, or the close frame and FIN).
        stop.Cancel();
        var ended = false;
        for (var frames = 0; frames < 2000 * 2000 && !ended; frames++)
        {
            ended = await client.ReceiveAsync() is null;
        }

        Assert.True(ended, $"The connection was still delivering frames (jammed: {jammed}).");
    }
}
