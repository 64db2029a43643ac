using System.Text.Json;
using Xunit;

namespace SessionGrid.Protocol.Tests;

public sealed class IdentifierRulesTests
{
    private static string Heartbeat(string id, string ip = "10.0.0.5")
        => $$"""{"ip":{{JsonSerializer.Serialize(ip)}},"status":"live","id":{{JsonSerializer.Serialize(id)}}}""";

    [Fact]
    public void TryDecode_IdOfMaximumLength_Decodes()
    {
        var id = new string('x', IdentifierRules.MaxIdBytes);

        var m = Decoded.From(Heartbeat(id));

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(id, m.Id);
    }

    [Fact]
    public void TryDecode_IdOneByteTooLong_InvalidField()
    {
        var decoder = new ClientMessageDecoder();

        var m = Decoded.From(decoder, Heartbeat(new string('x', IdentifierRules.MaxIdBytes + 1)));

        Assert.Equal(ProtocolErrorCode.InvalidField, m.Error);
        Assert.Contains("\"id\"", decoder.LastErrorDetail);
    }

    [Fact]
    public void TryDecode_IdCountsUtf8BytesNotCharacters_InvalidFieldPastTheByteLimit()
    {
        var m = Decoded.From(Heartbeat(new string('é', (IdentifierRules.MaxIdBytes / 2) + 1)));

        Assert.Equal(ProtocolErrorCode.InvalidField, m.Error);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("del\u007f")]
    [InlineData("   ")]
    public void TryDecode_IdWithControlCharactersOrOnlySpaces_InvalidField(string id)
    {
        Assert.Equal(ProtocolErrorCode.InvalidField, Decoded.From(Heartbeat(id)).Error);
    }

    [Theory]
    [InlineData("device/42")]
    [InlineData("a b")]
    [InlineData("设备-7")]
    public void TryDecode_PrintableIds_Decode(string id)
    {
        var m = Decoded.From(Heartbeat(id));

        Assert.Equal(ProtocolErrorCode.None, m.Error);
        Assert.Equal(id, m.Id);
    }

    [Fact]
    public void TryDecode_IpTooLongOrWithControlCharacter_InvalidField()
    {
        Assert.Equal(ProtocolErrorCode.InvalidField, Decoded.From(Heartbeat("d", new string('1', IdentifierRules.MaxIpBytes + 1))).Error);
        Assert.Equal(ProtocolErrorCode.InvalidField, Decoded.From(Heartbeat("d", "10.0.0.5\u0000")).Error);
        Assert.Equal(ProtocolErrorCode.None, Decoded.From(Heartbeat("d", "host.example.internal")).Error);
    }
}
