using System.Net;
using SessionGrid.Grains.Listing;

namespace SessionGrid.Grains.Tests.Listing;

public sealed class SessionIpFilterTests
{
    [Theory]
    [InlineData("10.1.2.3", "10.1.2.3/32")]
    [InlineData("10.1.0.0/16", "10.1.0.0/16")]
    [InlineData("10.*", "10.0.0.0/8")]
    [InlineData("10.1.*", "10.1.0.0/16")]
    [InlineData("10.1.2.*", "10.1.2.0/24")]
    [InlineData("fd00::7", "fd00::7/128")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("fd00:12:*", "fd00:12::/32")]
    [InlineData("1:2:3:4:5:6:7:*", "1:2:3:4:5:6:7:0/112")]
    public void TryParse_EachForm_IsThatNetwork(string text, string network)
    {
        Assert.True(SessionIpFilter.TryParse(text, out var filter));
        Assert.Equal(network, filter.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.1")]
    [InlineData("10.1.")]
    [InlineData("010.1.2.3")]
    [InlineData("10.1.2.3/16")]
    [InlineData("10.1.2.3/33")]
    [InlineData("10.1.2.3.*")]
    [InlineData("*")]
    [InlineData("10.256.*")]
    [InlineData("10.1*")]
    [InlineData("fd00::*")]
    [InlineData("fe80::1%eth0")]
    [InlineData("' OR 1=1 --")]
    [InlineData("host.example")]
    public void TryParse_NotAnAddressNetworkOrWholeGroupPrefix_False(string text)
    {
        Assert.False(SessionIpFilter.TryParse(text, out _));
    }

    [Theory]
    [InlineData("10.1.2.3", "10.1.2.3", "10.1.2.3")]
    [InlineData("10.1.*", "10.1.0.0", "10.1.255.255")]
    [InlineData("10.1.0.0/20", "10.1.0.0", "10.1.15.255")]
    [InlineData("0.0.0.0/0", "0.0.0.0", "255.255.255.255")]
    [InlineData("fd00:12:*", "fd00:12::", "fd00:12:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("fd00::/9", "fd00::", "fd7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void FirstAndLastAddress_TheNetworksBounds(string text, string first, string last)
    {
        Assert.True(SessionIpFilter.TryParse(text, out var filter));

        Assert.Equal(IPAddress.Parse(first), filter.FirstAddress);
        Assert.Equal(IPAddress.Parse(last), filter.LastAddress);
    }

    [Fact]
    public void Contains_OtherFamilyOrOutside_False()
    {
        Assert.True(SessionIpFilter.TryParse("10.1.*", out var filter));

        Assert.True(filter.Contains(IPAddress.Parse("10.1.255.1")));
        Assert.False(filter.Contains(IPAddress.Parse("10.2.0.1")));
        Assert.False(filter.Contains(IPAddress.Parse("::ffff:10.1.0.1")));
        Assert.False(filter.Contains(null));
    }
}
