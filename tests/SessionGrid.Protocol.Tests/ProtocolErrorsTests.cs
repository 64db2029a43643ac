using Xunit;

namespace SessionGrid.Protocol.Tests;

public sealed class ProtocolErrorsTests
{
    [Theory]
    [InlineData(ProtocolErrorCode.InvalidLength, "invalid-length")]
    [InlineData(ProtocolErrorCode.FrameTooLarge, "frame-too-large")]
    [InlineData(ProtocolErrorCode.TruncatedFrame, "truncated-frame")]
    [InlineData(ProtocolErrorCode.InvalidUtf8, "invalid-utf8")]
    [InlineData(ProtocolErrorCode.InvalidJson, "invalid-json")]
    [InlineData(ProtocolErrorCode.NotAnObject, "not-an-object")]
    [InlineData(ProtocolErrorCode.MissingIp, "missing-ip")]
    [InlineData(ProtocolErrorCode.MissingStatus, "missing-status")]
    [InlineData(ProtocolErrorCode.InvalidStatus, "invalid-status")]
    [InlineData(ProtocolErrorCode.InvalidField, "invalid-field")]
    [InlineData(ProtocolErrorCode.UnknownType, "unknown-type")]
    [InlineData(ProtocolErrorCode.HandshakeTimeout, "handshake-timeout")]
    public void ToWireCode_EachError_ReturnsItsWireCode(ProtocolErrorCode code, string expected)
    {
        Assert.Equal(expected, ProtocolErrors.ToWireCode(code));
    }

    [Fact]
    public void Describe_EveryCode_ReturnsADistinctSentence()
    {
        ProtocolErrorCode[] codes = Enum.GetValues<ProtocolErrorCode>();

        string[] descriptions = [.. codes.Select(ProtocolErrors.Describe)];

        Assert.All(descriptions, d => Assert.EndsWith(".", d));
        Assert.Equal(codes.Length, descriptions.Distinct().Count());
    }

    [Fact]
    public void ToWireCode_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProtocolErrors.ToWireCode((ProtocolErrorCode)999));
    }
}
