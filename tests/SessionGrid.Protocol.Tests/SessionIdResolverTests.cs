using Xunit;

namespace SessionGrid.Protocol.Tests;

public sealed class SessionIdResolverTests
{
    private const string Remote = "192.168.1.20:51234";

    [Fact]
    public void Resolve_IdPresent_ReturnsIdEvenWithPid()
    {
        var resolver = new SessionIdResolver();

        Assert.Equal("dev-42", resolver.Resolve("dev-42"u8, "10.0.0.5"u8, true, 1234, Remote));
    }

    [Fact]
    public void Resolve_NoIdButPid_ReturnsIpColonPid()
    {
        var resolver = new SessionIdResolver();

        Assert.Equal("10.0.0.5:1234", resolver.Resolve([], "10.0.0.5"u8, true, 1234, Remote));
        Assert.Equal("10.0.0.5:-1", resolver.Resolve([], "10.0.0.5"u8, true, -1, Remote));
        Assert.Equal("fe80::1:9223372036854775807", resolver.Resolve([], "fe80::1"u8, true, long.MaxValue, Remote));
    }

    [Fact]
    public void Resolve_NoIdNoPid_ReturnsTheRemoteEndpointInstance()
    {
        var resolver = new SessionIdResolver();

        Assert.Same(Remote, resolver.Resolve([], "10.0.0.5"u8, false, 0, Remote));
    }

    [Fact]
    public void Resolve_PidWithoutIp_FallsBackToTheRemoteEndpoint()
    {
        var resolver = new SessionIdResolver();

        Assert.Same(Remote, resolver.Resolve([], [], true, 1234, Remote));
    }

    [Fact]
    public void Resolve_NonAsciiId_DecodesUtf8()
    {
        var resolver = new SessionIdResolver();

        Assert.Equal("gerät-ü", resolver.Resolve("gerät-ü"u8, [], false, 0, Remote));
        Assert.Equal("café:7", resolver.Resolve([], "café"u8, true, 7, Remote));
    }

    [Fact]
    public void Resolve_SameInputsAgain_ReturnsTheSameInstance()
    {
        var resolver = new SessionIdResolver();
        byte[] id = "dev-42"u8.ToArray();
        byte[] ip = "10.0.0.5"u8.ToArray();

        string byId = resolver.Resolve(id, ip, true, 1, Remote);
        Assert.Same(byId, resolver.Resolve(id.ToArray(), ip, true, 1, Remote));

        string byPid = resolver.Resolve([], ip, true, 1, Remote);
        Assert.Same(byPid, resolver.Resolve([], ip.ToArray(), true, 1, Remote));

        // Alternating rules keeps each cached result.
        Assert.Same(byId, resolver.Resolve(id, ip, true, 1, Remote));
        Assert.Same(byPid, resolver.Resolve([], ip, true, 1, Remote));
    }

    [Fact]
    public void Resolve_InputChanges_ReturnsTheNewId()
    {
        var resolver = new SessionIdResolver();

        string first = resolver.Resolve([], "10.0.0.5"u8, true, 1, Remote);
        string otherPid = resolver.Resolve([], "10.0.0.5"u8, true, 2, Remote);
        string otherIp = resolver.Resolve([], "10.0.0.6"u8, true, 2, Remote);
        string shorterId = resolver.Resolve("a"u8, [], false, 0, Remote);
        string longerId = resolver.Resolve("abcdef"u8, [], false, 0, Remote);
        string prefixId = resolver.Resolve("abc"u8, [], false, 0, Remote);

        Assert.Equal("10.0.0.5:1", first);
        Assert.Equal("10.0.0.5:2", otherPid);
        Assert.Equal("10.0.0.6:2", otherIp);
        Assert.Equal("a", shorterId);
        Assert.Equal("abcdef", longerId);
        Assert.Equal("abc", prefixId);
    }

    [Fact]
    public void Resolve_VeryLongIp_FormatsWithoutTruncation()
    {
        var resolver = new SessionIdResolver();
        string ip = new('9', 1000);

        Assert.Equal(ip + ":5", resolver.Resolve([], System.Text.Encoding.UTF8.GetBytes(ip), true, 5, Remote));
    }

    [Fact]
    public void GetIp_SameIpAgain_ReturnsTheSameInstance()
    {
        var resolver = new SessionIdResolver();

        string first = resolver.GetIp("10.0.0.5"u8.ToArray());
        string again = resolver.GetIp("10.0.0.5"u8.ToArray());
        string changed = resolver.GetIp("10.0.0.50"u8);

        Assert.Equal("10.0.0.5", first);
        Assert.Same(first, again);
        Assert.Equal("10.0.0.50", changed);
    }

    [Fact]
    public void GetIp_EmptyAfterNonEmpty_ReturnsEmpty()
    {
        var resolver = new SessionIdResolver();
        resolver.GetIp("10.0.0.5"u8);

        Assert.Equal("", resolver.GetIp([]));
    }
}
