using System.Buffers;
using Xunit;

namespace SessionGrid.Protocol.Tests;

public sealed class ServerFrameWriterTests
{
    [Fact]
    public void WriteWelcome_RoundTrip_DecodesAllFields()
    {
        ServerMessage message = WriteAndDecode(w => new ServerFrameWriter().WriteWelcome(w, "dev-42", 10, 30, 1800));

        Assert.Equal(new ServerMessage { Type = "welcome", Session = "dev-42", Interval = 10, LeaveAfter = 30, CloseAfter = 1800 }, message);
    }

    [Fact]
    public void WriteState_RoundTrip_DecodesStatusAndReason()
    {
        ServerMessage message = WriteAndDecode(w => new ServerFrameWriter().WriteState(w, "leave", "missed-heartbeats"));

        Assert.Equal(new ServerMessage { Type = "state", Status = "leave", Reason = "missed-heartbeats" }, message);
    }

    [Fact]
    public void WriteClose_RoundTrip_DecodesReason()
    {
        ServerMessage message = WriteAndDecode(w => new ServerFrameWriter().WriteClose(w, "taken-over"));

        Assert.Equal(new ServerMessage { Type = "close", Reason = "taken-over" }, message);
    }

    [Fact]
    public void WriteError_RoundTripWithCharactersToEscape_DecodesCodeAndMessage()
    {
        const string text = "Field \"pid\" must be an integer <&> é\n";

        ServerMessage message = WriteAndDecode(w => new ServerFrameWriter().WriteError(w, "invalid-field", text));

        Assert.Equal(new ServerMessage { Type = "error", Code = "invalid-field", Message = text }, message);
    }

    [Fact]
    public void WriteAck_RoundTrip_DecodesSeq()
    {
        ServerMessage message = WriteAndDecode(w => new ServerFrameWriter().WriteAck(w, long.MaxValue));

        Assert.Equal(new ServerMessage { Type = "ack", Seq = long.MaxValue }, message);
    }

    [Fact]
    public void WriteAck_Body_IsTheDocumentedShapeExactly()
    {
        var output = new ArrayBufferWriter<byte>();

        new ServerFrameWriter().WriteAck(output, 17);

        Assert.Equal(Frames.Frame("""{"type":"ack","seq":17}"""), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Write_ManyFramesWithOneWriter_EachFrameIsCompleteAndIndependent()
    {
        var writer = new ServerFrameWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.WriteWelcome(output, new string('s', 5000), 10, 30, 1800);
        writer.WriteAck(output, 1);
        writer.WriteState(output, "live", "recovered");

        List<string> bodies = Frames.ReadAll(new ReadOnlySequence<byte>(output.WrittenMemory), out _, out long remaining);
        Assert.Equal(3, bodies.Count);
        Assert.Equal(0, remaining);
        Assert.Equal("""{"type":"ack","seq":1}""", bodies[1]);
        Assert.Equal("""{"type":"state","status":"live","reason":"recovered"}""", bodies[2]);
    }

    [Fact]
    public void ServerMessageDecoder_MultiSegmentBodyWithUnknownFields_Decodes()
    {
        byte[] body = """{"type":"welcome","future":{"x":[1,2]},"session":"a","interval":5}"""u8.ToArray();

        Assert.True(ServerMessageDecoder.TryDecode(Segments.SplitAt(body, 3, 20, 40), out ServerMessage? message, out string? error));
        Assert.Null(error);
        Assert.Equal(new ServerMessage { Type = "welcome", Session = "a", Interval = 5 }, message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"session":"a"}""")]
    [InlineData("""{"type":1}""")]
    [InlineData("""{"type":"ack","seq":"1"}""")]
    [InlineData("""{"type":"welcome","interval":1.5}""")]
    [InlineData("""{"type":"ack"} x""")]
    [InlineData("""{"type":"ack",""")]
    public void ServerMessageDecoder_InvalidBody_ReturnsFalseWithError(string body)
    {
        Assert.False(ServerMessageDecoder.TryDecode(Frames.Body(body), out ServerMessage? message, out string? error));
        Assert.Null(message);
        Assert.False(string.IsNullOrEmpty(error));
    }

    private static ServerMessage WriteAndDecode(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.Equal(FrameReadStatus.Frame, FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out _));
        Assert.Equal(buffer.End, consumed);
        Assert.True(ServerMessageDecoder.TryDecode(body, out ServerMessage? message, out string? error), error);
        return message;
    }
}
