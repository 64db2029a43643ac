using System.Buffers;
using Xunit;

namespace SessionGrid.Protocol.Tests;

public sealed class ClientFrameWriterTests
{
    private static readonly HeartbeatFields Full = new("10.0.0.5", "alive", 1234, "dev-\"42\" é", 7, 1718000000123, true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteHeartbeat_AllFields_DecodesWithClientMessageDecoder(bool doubleEncoded)
    {
        Decoded m = WriteAndDecode(w => ClientFrameWriter.WriteHeartbeat(w, Full, doubleEncoded));

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(doubleEncoded, m.DoubleEncoded);
        Assert.Equal(ClientMessageKind.Heartbeat, m.Kind);
        Assert.Equal(DeclaredStatus.Live, m.Status);
        Assert.Equal("10.0.0.5", m.Ip);
        Assert.Equal(1234, m.Pid);
        Assert.Equal("dev-\"42\" é", m.Id);
        Assert.Equal(7, m.Seq);
        Assert.Equal(1718000000123, m.TimestampMs);
        Assert.True(m.Ack);
    }

    [Fact]
    public void WriteHeartbeat_OnlyRequiredFields_LeavesTheOthersOut()
    {
        var output = new ArrayBufferWriter<byte>();

        ClientFrameWriter.WriteHeartbeat(output, new HeartbeatFields("10.0.0.5", "leave", null, null, null, null, false), doubleEncoded: false);

        Assert.Equal(Frames.Frame("""{"ip":"10.0.0.5","status":"leave"}"""), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteHeartbeat_DoubleEncoded_UsesBackslashQuoteLikeDeployedClients()
    {
        var output = new ArrayBufferWriter<byte>();

        ClientFrameWriter.WriteHeartbeat(output, new HeartbeatFields("10.0.0.5", "alive", 1234, null, null, null, false), doubleEncoded: true);

        Assert.Equal(Frames.Frame("""
            "{\"ip\":\"10.0.0.5\",\"status\":\"alive\",\"pid\":1234}"
            """), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteHello_AllFields_DecodesAsHello()
    {
        Decoded m = WriteAndDecode(w => ClientFrameWriter.WriteHello(w, "dev-42", "tok", 15));

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(ClientMessageKind.Hello, m.Kind);
        Assert.Equal("dev-42", m.Id);
        Assert.Equal("tok", m.Token);
        Assert.Equal(15, m.Interval);
    }

    [Fact]
    public void WriteHello_NoTokenNoInterval_DecodesWithThemAbsent()
    {
        Decoded m = WriteAndDecode(w => ClientFrameWriter.WriteHello(w, "dev-42", null, null));

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal("", m.Token);
        Assert.Null(m.Interval);
    }

    [Theory]
    [InlineData("going away")]
    [InlineData(null)]
    public void WriteBye_Reason_DecodesAsByeWithStatusClose(string? reason)
    {
        Decoded m = WriteAndDecode(w => ClientFrameWriter.WriteBye(w, reason));

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(ClientMessageKind.Bye, m.Kind);
        Assert.Equal(DeclaredStatus.Close, m.Status);
        Assert.Equal(reason ?? "", m.Reason);
    }

    [Fact]
    public void WriteHeartbeat_ConcurrentThreads_EachFrameIsIntact()
    {
        Decoded[] results = Enumerable.Range(0, 8)
            .AsParallel()
            .Select(i => WriteAndDecode(w =>
            {
                for (int n = 0; n < 200; n++)
                {
                    ((ArrayBufferWriter<byte>)w).ResetWrittenCount();
                    ClientFrameWriter.WriteHeartbeat(w, Full with { Id = $"dev-{i}" }, doubleEncoded: i % 2 == 0);
                }
            }))
            .ToArray();

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"dev-{i}").OrderBy(x => x), results.Select(r => r.Id).OrderBy(x => x));
    }

    private static Decoded WriteAndDecode(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.Equal(FrameReadStatus.Frame, FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out _));
        Assert.Equal(buffer.End, consumed);
        return Decoded.From(new ClientMessageDecoder(), body);
    }
}
