using System.Buffers.Binary;
using System.Text;
using SessionGrid.Protocol;
using SessionGrid.TestKit;

namespace SessionGrid.Benchmarks.Tests.Sink;

public sealed class SinkConnectionTests
{
    private static readonly byte[] Heartbeat = Frame("""{"ip":"10.0.0.5","status":"alive","pid":42}""");

    [Fact]
    public async Task Frames_SplitAndStuckTogether_CountedWithTheirBytes()
    {
        await using var sink = await TestSink.StartAsync();
        await using var client = await FrameClient.ConnectAsync(sink.Frames);

        // Ten frames in one buffer, sent in pieces that split a header and a body.
        var all = Enumerable.Repeat(Heartbeat, 10).SelectMany(b => b).ToArray();
        await client.SendRawAsync(all.AsMemory(0, 2));
        await client.SendRawAsync(all.AsMemory(2, Heartbeat.Length + 5));
        await client.SendRawAsync(all.AsMemory(Heartbeat.Length + 7));

        var stats = await sink.WaitForStatsAsync(s => s.Frames == 10);
        Assert.Equal(10, stats.Frames);
        Assert.Equal(all.Length, stats.Bytes);
        Assert.Equal(0, stats.Violations);
    }

    [Fact]
    public async Task Connections_OpenAndClosed_CountedOpenThenZero()
    {
        await using var sink = await TestSink.StartAsync();
        var first = await FrameClient.ConnectAsync(sink.Frames);
        var second = await FrameClient.ConnectAsync(sink.Frames);

        var open = await sink.WaitForStatsAsync(s => s.ConnectionsOpen == 2);
        Assert.Equal(2, open.ConnectionsOpen);

        await first.DisposeAsync();
        await second.DisposeAsync();
        var closed = await sink.WaitForStatsAsync(s => s.ConnectionsOpen == 0);
        Assert.Equal(0, closed.ConnectionsOpen);
        Assert.Equal(2, closed.ConnectionsAccepted);
    }

    [Theory]
    [InlineData(FrameCodec.DefaultMaxFrameLength + 1)]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task BadHeader_LengthOutOfRange_ClosedAndCountedAsViolation(int declared)
    {
        await using var sink = await TestSink.StartAsync();
        await using var client = await FrameClient.ConnectAsync(sink.Frames);
        await client.SendRawAsync(Heartbeat);
        var header = new byte[FrameCodec.HeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header, declared);
        await client.SendRawAsync(header);

        Assert.True(await client.WaitForServerCloseAsync(), "the sink did not close the connection");
        var stats = await sink.WaitForStatsAsync(s => s.Violations == 1);
        Assert.Equal(1, stats.Violations);
        Assert.Equal(1, stats.Frames);
    }

    [Fact]
    public async Task MaxFrameLength_Configured_LongerFrameIsAViolation()
    {
        await using var sink = await TestSink.StartAsync(new Dictionary<string, string?> { ["Sink:MaxFrameLength"] = "64" });
        await using var client = await FrameClient.ConnectAsync(sink.Frames);
        await client.SendRawAsync(Frame(new string('x', 65)));

        Assert.True(await client.WaitForServerCloseAsync(), "the sink did not close the connection");
        var stats = await sink.WaitForStatsAsync(s => s.Violations == 1);
        Assert.Equal(0, stats.Frames);
    }

    [Fact]
    public async Task PeerCloses_InTheMiddleOfAFrame_CountedAsTruncated()
    {
        await using var sink = await TestSink.StartAsync();
        var client = await FrameClient.ConnectAsync(sink.Frames);
        await client.SendRawAsync(Heartbeat.AsMemory(0, Heartbeat.Length - 3));
        await client.DisposeAsync();

        var stats = await sink.WaitForStatsAsync(s => s.Truncated == 1);
        Assert.Equal(1, stats.Truncated);
        Assert.Equal(0, stats.Frames);
        Assert.Equal(0, stats.ConnectionsOpen);
    }

    [Fact]
    public async Task Reset_ByPeer_ConnectionClosedAndSinkStillCounts()
    {
        await using var sink = await TestSink.StartAsync();
        var reset = await FrameClient.ConnectAsync(sink.Frames);
        await reset.SendRawAsync(Heartbeat);

        // Counted first: an RST discards whatever the server had not read yet.
        await sink.WaitForStatsAsync(s => s.Frames == 1);
        reset.Reset();
        await sink.WaitForStatsAsync(s => s.ConnectionsOpen == 0);

        await using var client = await FrameClient.ConnectAsync(sink.Frames);
        await client.SendRawAsync(Heartbeat);
        var stats = await sink.WaitForStatsAsync(s => s.Frames == 2);
        Assert.Equal(2, stats.Frames);
    }

    [Fact]
    public async Task Stop_WithIdleClientConnected_ClosesItWithoutWaitingForTheShutdownTimeout()
    {
        // A shutdown timeout far beyond the client's hang guard: only closing on request passes.
        var sink = await TestSink.StartAsync(shutdownTimeout: TimeSpan.FromMinutes(10));
        var client = await FrameClient.ConnectAsync(sink.Frames);
        await client.SendRawAsync(Heartbeat);
        await sink.WaitForStatsAsync(s => s.Frames == 1);

        var stopping = sink.DisposeAsync().AsTask();

        Assert.True(await client.WaitForServerCloseAsync(), "the sink did not close the idle connection on stop");
        await stopping;
        await client.DisposeAsync();
    }

    private static byte[] Frame(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var frame = new byte[FrameCodec.HeaderLength + bytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, bytes.Length);
        bytes.CopyTo(frame, FrameCodec.HeaderLength);
        return frame;
    }
}
