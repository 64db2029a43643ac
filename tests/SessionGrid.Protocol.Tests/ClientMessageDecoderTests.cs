using System.Buffers;
using System.Text;
using Xunit;

namespace SessionGrid.Protocol.Tests;

public sealed class ClientMessageDecoderTests
{
    private const string PlainExample = """{"ip": "10.0.0.5", "status": "alive", "pid": 1234}""";
    private const string DoubleEncodedExample = """
        "{\"ip\": \"10.0.0.5\", \"status\": \"alive\", \"pid\": 1234}"
        """;

    [Fact]
    public void TryDecode_PlainHeartbeatFromProtocol_ReturnsItsFields()
    {
        Decoded m = Decoded.From(PlainExample);

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(ClientMessageKind.Heartbeat, m.Kind);
        Assert.Equal(DeclaredStatus.Live, m.Status);
        Assert.Equal("10.0.0.5", m.Ip);
        Assert.Equal(1234, m.Pid);
        Assert.Equal("", m.Id);
        Assert.Null(m.Seq);
        Assert.False(m.Ack);
        Assert.False(m.DoubleEncoded);
    }

    [Fact]
    public void TryDecode_DoubleEncodedHeartbeatFromProtocol_MeansTheSameAsPlain()
    {
        Decoded plain = Decoded.From(PlainExample);
        Decoded doubled = Decoded.From(DoubleEncodedExample);

        Assert.Equal(ProtocolErrorCode.None, doubled.Error);
        Assert.True(doubled.DoubleEncoded);
        Assert.Equal(plain with { DoubleEncoded = true }, doubled);
    }

    [Theory]
    [InlineData("alive", DeclaredStatus.Live)]
    [InlineData("live", DeclaredStatus.Live)]
    [InlineData("leave", DeclaredStatus.Leave)]
    [InlineData("close", DeclaredStatus.Close)]
    public void TryDecode_StatusWord_MapsToDeclaredStatus(string word, DeclaredStatus expected)
    {
        Decoded m = Decoded.From($$"""{"ip":"10.0.0.5","status":"{{word}}"}""");

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(expected, m.Status);
    }

    [Fact]
    public void TryDecode_TypeHb_IsAHeartbeat()
    {
        Decoded m = Decoded.From("""{"type":"hb","ip":"10.0.0.5","status":"leave"}""");

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(ClientMessageKind.Heartbeat, m.Kind);
        Assert.Equal(DeclaredStatus.Leave, m.Status);
    }

    [Fact]
    public void TryDecode_HeartbeatWithExtensions_ReturnsIdSeqTimestampAndAck()
    {
        Decoded m = Decoded.From("""{"ip":"10.0.0.5","status":"live","pid":-7,"id":"dev-42","seq":9007199254740993,"ts":1718000000123,"ack":true}""");

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(-7, m.Pid);
        Assert.Equal("dev-42", m.Id);
        Assert.Equal(9007199254740993, m.Seq);
        Assert.Equal(1718000000123, m.TimestampMs);
        Assert.True(m.Ack);
    }

    [Fact]
    public void TryDecode_Hello_ReturnsIdTokenAndInterval()
    {
        Decoded m = Decoded.From("""{"type":"hello","id":"dev-42","token":"s3cr3t","interval":5}""");

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(ClientMessageKind.Hello, m.Kind);
        Assert.Equal("dev-42", m.Id);
        Assert.Equal("s3cr3t", m.Token);
        Assert.Equal(5, m.Interval);
        Assert.Equal(DeclaredStatus.Live, m.Status);
    }

    [Fact]
    public void TryDecode_Bye_MeansStatusClose()
    {
        Decoded m = Decoded.From("""{"type":"bye","reason":"shutting down"}""");

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(ClientMessageKind.Bye, m.Kind);
        Assert.Equal(DeclaredStatus.Close, m.Status);
        Assert.Equal("shutting down", m.Reason);
    }

    [Fact]
    public void TryDecode_ByeWithoutReasonTypeLast_IsAByeWithEmptyReason()
    {
        Decoded m = Decoded.From("""{"status":"live","type":"bye"}""");

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(ClientMessageKind.Bye, m.Kind);
        Assert.Equal(DeclaredStatus.Close, m.Status);
        Assert.Equal("", m.Reason);
    }

    [Fact]
    public void TryDecode_UnknownFieldsAtAnyDepth_AreIgnored()
    {
        Decoded m = Decoded.From("""
            {"v":2,"meta":{"ip":"evil","deep":[1,{"status":"close"},[[]],null]},"ip":"10.0.0.5",
             "tags":[],"load":1.5e3,"ok":true,"none":null,"status":"live","pid":1,"extra":{"pid":"x"}}
            """);

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal("10.0.0.5", m.Ip);
        Assert.Equal(DeclaredStatus.Live, m.Status);
        Assert.Equal(1, m.Pid);
    }

    [Fact]
    public void TryDecode_EscapedValuesAndNames_AreUnescaped()
    {
        Decoded m = Decoded.From("""{"\u0069p":"10.0.0.\u0031","status":"\u0061live","id":"caf\u00e9 \"q\" \ud83d\ude00\/"}""");

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal("10.0.0.1", m.Ip);
        Assert.Equal(DeclaredStatus.Live, m.Status);
        Assert.Equal("café \"q\" 😀/", m.Id);
    }

    [Fact]
    public void TryDecode_DoubleEncodedWithEscapesInsideValues_UnescapesBothLevels()
    {
        // The inner object holds "ip":"caf\u00e9" and "id":"a\"b": two levels of escaping on the wire.
        Decoded m = Decoded.From("""
            "{\"ip\":\"caf\\u00e9\",\"status\":\"leave\",\"id\":\"a\\\"b\"}"
            """);

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.True(m.DoubleEncoded);
        Assert.Equal("café", m.Ip);
        Assert.Equal("a\"b", m.Id);
        Assert.Equal(DeclaredStatus.Leave, m.Status);
    }

    [Fact]
    public void TryDecode_DoubleEncodedObjectWithoutEscapes_IsParsedAsTheObject()
    {
        Decoded m = Decoded.From("\"{}\"");

        Assert.Equal(ProtocolErrorCode.MissingIp, m.Error);
    }

    [Fact]
    public void TryDecode_WhitespaceAroundTheValue_IsAccepted()
    {
        Assert.Equal(ProtocolErrorCode.None, Decoded.From(" \r\n\t{\"ip\":\"1\",\"status\":\"live\"} \n").Error);
        Assert.Equal(ProtocolErrorCode.None, Decoded.From(" \" {\\\"ip\\\":\\\"1\\\",\\\"status\\\":\\\"live\\\"} \" ").Error);
    }

    [Theory]
    [InlineData(PlainExample)]
    [InlineData(DoubleEncodedExample)]
    [InlineData("""{"ip":"caf\u00e9","status":"live","id":"ü-ß-€-😀"}""")]
    public void TryDecode_BodySplitAtEveryPoint_DecodesTheSameAsOneSegment(string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        var decoder = new ClientMessageDecoder();
        Decoded expected = Decoded.From(decoder, new ReadOnlySequence<byte>(bytes));
        Assert.Equal(ProtocolErrorCode.None, expected.Error);

        for (int first = 0; first <= bytes.Length; first++)
        {
            for (int second = first; second <= bytes.Length; second += 3)
            {
                Assert.Equal(expected, Decoded.From(decoder, Segments.SplitAt(bytes, first, second)));
            }
        }

        Assert.Equal(expected, Decoded.From(decoder, Segments.OneBytePerSegment(bytes)));
    }

    [Fact]
    public void TryDecode_LargeMultiSegmentBodyWithEscapes_Decodes()
    {
        string padding = string.Concat(Enumerable.Repeat("\\u0041\\\"", 4000));
        string shortId = string.Concat(Enumerable.Repeat("\\u0041\\\"", 60));
        string body = $$"""{"pad":"{{padding}}","ip":"\u0031\u0030.0.0.5","status":"live","pad2":"{{padding}}","id":"{{shortId}}"}""";
        byte[] bytes = Encoding.UTF8.GetBytes(body);

        Decoded m = Decoded.From(new ClientMessageDecoder(), Segments.SplitAt(bytes, 1000, 20000, 40000));

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal("10.0.0.5", m.Ip);
        Assert.Equal(string.Concat(Enumerable.Repeat("A\"", 60)), m.Id);
    }

    [Fact]
    public void TryDecode_NullOptionalFields_AreTreatedAsAbsent()
    {
        Decoded m = Decoded.From("""{"ip":"10.0.0.5","status":"live","pid":null,"id":null,"ack":null}""");

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Null(m.Pid);
        Assert.Equal("", m.Id);
        Assert.False(m.Ack);
    }

    [Fact]
    public void TryDecode_DecoderReusedAcrossFormsAndErrors_EachResultIsIndependent()
    {
        var decoder = new ClientMessageDecoder();

        Decoded first = Decoded.From(decoder, DoubleEncodedExample);
        Decoded error = Decoded.From(decoder, """{"status":"live"}""");
        string? detail = decoder.LastErrorDetail;
        Decoded second = Decoded.From(decoder, """{"ip":"10.0.0.\u0039","status":"close","id":"b"}""");

        Assert.Equal("10.0.0.5", first.Ip);
        Assert.Equal(ProtocolErrorCode.MissingIp, error.Error);
        Assert.NotNull(detail);
        Assert.Equal("10.0.0.9", second.Ip);
        Assert.Equal(DeclaredStatus.Close, second.Status);
        Assert.Null(decoder.LastErrorDetail);
    }
}
