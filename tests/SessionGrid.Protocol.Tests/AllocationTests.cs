using System.Buffers;
using System.Text;
using Xunit;

namespace SessionGrid.Protocol.Tests;

/// <summary>The hot path must not allocate once warm: one heartbeat per client every few seconds adds up.</summary>
public sealed class AllocationTests
{
    private const int Iterations = 1000;

    private static readonly byte[] PlainFrame = Frames.Frame("""{"ip": "10.0.0.5", "status": "alive", "pid": 1234, "seq": 5, "ts": 1718000000123, "ack": true, "extra": {"a": [1, 2]}}""");

    private static readonly byte[] DoubleEncodedFrame = Frames.Frame("""
        "{\"ip\": \"10.0.0.\\u0035\", \"status\": \"alive\", \"pid\": 1234, \"extra\": [{\"a\": null}]}"
        """);

    [Fact]
    public void TryDecode_SteadyStateHeartbeats_AllocatesNothing()
    {
        var decoder = new ClientMessageDecoder();
        var resolver = new SessionIdResolver();
        var plain = new ReadOnlySequence<byte>(PlainFrame);
        var doubled = new ReadOnlySequence<byte>(DoubleEncodedFrame);
        ReadOnlySequence<byte> split = Segments.SplitAt(PlainFrame, 2, 30, 60);
        ReadOnlySequence<byte> splitDoubled = Segments.SplitAt(DoubleEncodedFrame, 3, 25, 50);

        int failures = RunAll(decoder, resolver, plain, doubled, split, splitDoubled);
        long before = GC.GetAllocatedBytesForCurrentThread();
        failures += RunAll(decoder, resolver, plain, doubled, split, splitDoubled);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WriteAck_SteadyState_AllocatesNothing()
    {
        var writer = new ServerFrameWriter();
        var output = new ArrayBufferWriter<byte>(1024);
        writer.WriteAck(output, 1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            output.ResetWrittenCount();
            writer.WriteAck(output, i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(Frames.Frame($$"""{"type":"ack","seq":{{Iterations - 1}}}"""), output.WrittenSpan.ToArray());
    }

    private static int RunAll(
        ClientMessageDecoder decoder,
        SessionIdResolver resolver,
        in ReadOnlySequence<byte> plain,
        in ReadOnlySequence<byte> doubled,
        in ReadOnlySequence<byte> split,
        in ReadOnlySequence<byte> splitDoubled)
    {
        int failures = 0;
        for (int i = 0; i < Iterations; i++)
        {
            failures += ReadAndDecode(decoder, resolver, plain);
            failures += ReadAndDecode(decoder, resolver, doubled);
            failures += ReadAndDecode(decoder, resolver, split);
            failures += ReadAndDecode(decoder, resolver, splitDoubled);
        }

        return failures;
    }

    private static int ReadAndDecode(ClientMessageDecoder decoder, SessionIdResolver resolver, in ReadOnlySequence<byte> frame)
    {
        if (FrameCodec.TryReadFrame(frame, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out _, out _) != FrameReadStatus.Frame
            || decoder.TryDecode(body, out ClientMessage message) != ProtocolErrorCode.None)
        {
            return 1;
        }

        string id = resolver.Resolve(message.Id, message.Ip, message.HasPid, message.Pid, "192.168.1.20:5000");
        string ip = resolver.GetIp(message.Ip);
        return id.Length == "10.0.0.5:1234".Length && ip.Length == 8 && message.Status == DeclaredStatus.Live ? 0 : 1;
    }
}
