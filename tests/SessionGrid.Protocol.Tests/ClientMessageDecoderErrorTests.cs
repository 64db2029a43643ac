using System.Buffers;
using Xunit;

namespace SessionGrid.Protocol.Tests;

public sealed class ClientMessageDecoderErrorTests
{
    [Theory]
    [InlineData("""{"status":"live","pid":1}""")]
    [InlineData("""{"ip":"","status":"live"}""")]
    [InlineData("""{"ip":null,"status":"live"}""")]
    [InlineData("{}")]
    [InlineData("""{"meta":{"ip":"10.0.0.5"},"status":"live"}""")]
    public void TryDecode_HeartbeatWithoutIp_ReturnsMissingIp(string body)
    {
        Assert.Equal(ProtocolErrorCode.MissingIp, Decoded.From(body).Error);
    }

    [Theory]
    [InlineData("""{"ip":"10.0.0.5","pid":1}""")]
    [InlineData("""{"type":"hb","ip":"10.0.0.5"}""")]
    [InlineData("""
        "{\"ip\":\"10.0.0.5\"}"
        """)]
    public void TryDecode_HeartbeatWithoutStatus_ReturnsMissingStatus(string body)
    {
        Assert.Equal(ProtocolErrorCode.MissingStatus, Decoded.From(body).Error);
    }

    [Theory]
    [InlineData("\"dead\"")]
    [InlineData("\"ALIVE\"")]
    [InlineData("\"\"")]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("[\"live\"]")]
    public void TryDecode_StatusNotAKnownWord_ReturnsInvalidStatus(string status)
    {
        Assert.Equal(ProtocolErrorCode.InvalidStatus, Decoded.From($$"""{"ip":"10.0.0.5","status":{{status}}}""").Error);
    }

    [Theory]
    [InlineData("pid", "\"1234\"")]
    [InlineData("pid", "12.5")]
    [InlineData("pid", "1e400")]
    [InlineData("pid", "{}")]
    [InlineData("seq", "\"1\"")]
    [InlineData("ts", "1718000000123.5")]
    [InlineData("ack", "\"yes\"")]
    [InlineData("ack", "1")]
    [InlineData("ip", "10")]
    [InlineData("id", "[]")]
    [InlineData("interval", "0")]
    [InlineData("interval", "-5")]
    [InlineData("interval", "2147483648")]
    [InlineData("token", "false")]
    [InlineData("reason", "{\"a\":1}")]
    [InlineData("type", "1")]
    public void TryDecode_KnownFieldWithWrongType_ReturnsInvalidFieldNamingIt(string field, string value)
    {
        var decoder = new ClientMessageDecoder();
        Decoded m = Decoded.From(decoder, $$"""{"ip":"10.0.0.5","status":"live","{{field}}":{{value}}}""");

        Assert.Equal(ProtocolErrorCode.InvalidField, m.Error);
        Assert.Contains($"\"{field}\"", decoder.LastErrorDetail);
    }

    [Fact]
    public void TryDecode_InvalidUtf8InValue_ReturnsInvalidUtf8()
    {
        byte[] body = [.. "{\"ip\":\"10.0.0."u8, 0xFF, 0xFE, .. "\",\"status\":\"live\"}"u8];

        Assert.Equal(ProtocolErrorCode.InvalidUtf8, Decoded.From(new ClientMessageDecoder(), new ReadOnlySequence<byte>(body)).Error);
        Assert.Equal(ProtocolErrorCode.InvalidUtf8, Decoded.From(new ClientMessageDecoder(), Segments.SplitAt(body, 5, 15)).Error);
    }

    [Fact]
    public void TryDecode_TruncatedMultiByteCharacter_ReturnsInvalidUtf8()
    {
        byte[] euro = "€"u8.ToArray();
        byte[] body = [.. "{\"ip\":\"1\",\"status\":\"live\",\"x\":\""u8, euro[0], euro[1], .. "\"}"u8];

        Assert.Equal(ProtocolErrorCode.InvalidUtf8, Decoded.From(new ClientMessageDecoder(), new ReadOnlySequence<byte>(body)).Error);
    }

    [Theory]
    [InlineData("""{"ip":"\ud800","status":"live"}""")]
    [InlineData("""
        "{\"ip\":\"\\udc00\",\"status\":\"live\"}"
        """)]
    [InlineData("\"\\ud800{}\"")]
    public void TryDecode_EscapeOfALoneSurrogate_ReturnsInvalidUtf8(string body)
    {
        Assert.Equal(ProtocolErrorCode.InvalidUtf8, Decoded.From(body).Error);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"ip":"10.0.0.5","status":"live",}""")]
    [InlineData("""{ip:"10.0.0.5"}""")]
    [InlineData("""{"ip":'10.0.0.5'}""")]
    [InlineData("""{"ip":"10.0.0.5" /* note */,"status":"live"}""")]
    [InlineData(" ")]
    [InlineData("hello")]
    [InlineData("\"{\\\"ip\\\":}\"")]
    [InlineData("\"{\\\"ip\\\":\\\"1\\\"\"")]
    [InlineData("""{"pid":"not a number", """)]
    public void TryDecode_InvalidJson_ReturnsInvalidJson(string body)
    {
        var decoder = new ClientMessageDecoder();

        Assert.Equal(ProtocolErrorCode.InvalidJson, Decoded.From(decoder, body).Error);
        Assert.False(string.IsNullOrEmpty(decoder.LastErrorDetail));
    }

    [Fact]
    public void TryDecode_NestingDeeperThanTheReaderAllows_ReturnsInvalidJson()
    {
        string deep = new string('[', 100) + new string(']', 100);

        Assert.Equal(ProtocolErrorCode.InvalidJson, Decoded.From($$"""{"ip":"1","status":"live","x":{{deep}}}""").Error);
    }

    [Theory]
    [InlineData("""{"ip":"10.0.0.5","status":"live"} x""")]
    [InlineData("""{"ip":"10.0.0.5","status":"live"}{}""")]
    [InlineData("""{"ip":"10.0.0.5","status":"live"}}""")]
    [InlineData("""
        "{\"ip\":\"10.0.0.5\",\"status\":\"live\"}" x
        """)]
    [InlineData("""
        "{\"ip\":\"10.0.0.5\",\"status\":\"live\"} x"
        """)]
    [InlineData("""
        "{\"ip\":\"10.0.0.5\",\"status\":\"live\"}""
        """)]
    public void TryDecode_TrailingGarbage_ReturnsInvalidJson(string body)
    {
        Assert.Equal(ProtocolErrorCode.InvalidJson, Decoded.From(body).Error);
    }

    [Theory]
    [InlineData("""[{"ip":"10.0.0.5","status":"live"}]""")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("\"[1,2]\"")]
    [InlineData("\"42\"")]
    [InlineData("\"hello\"")]
    [InlineData("\"\"")]
    [InlineData("\"\\\"{}\\\"\"")]
    public void TryDecode_NotAnObjectNorAStringHoldingOne_ReturnsNotAnObject(string body)
    {
        Assert.Equal(ProtocolErrorCode.NotAnObject, Decoded.From(body).Error);
    }

    [Theory]
    [InlineData("""{"type":"ping","ip":"10.0.0.5","status":"live"}""")]
    [InlineData("""{"type":"HB","ip":"10.0.0.5","status":"live"}""")]
    [InlineData("""{"type":"","ip":"10.0.0.5","status":"live"}""")]
    [InlineData("""{"ip":"10.0.0.5","type":"welcome"}""")]
    public void TryDecode_UnknownType_ReturnsUnknownType(string body)
    {
        Assert.Equal(ProtocolErrorCode.UnknownType, Decoded.From(body).Error);
    }

    [Fact]
    public void TryDecode_Error_ReturnsDefaultMessage()
    {
        var decoder = new ClientMessageDecoder();

        ProtocolErrorCode error = decoder.TryDecode(Frames.Body("""{"ip":"10.0.0.5","status":"live","pid":"1"}"""), out ClientMessage message);

        Assert.Equal(ProtocolErrorCode.InvalidField, error);
        Assert.True(message.Ip.IsEmpty);
        Assert.False(message.HasPid);
    }
}
