using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace SessionGrid.Grains.Listing;

/// <summary>
/// The list's ip filter on the session's remote address (the <c>ip</c> of its <c>ip:port</c>, not the ip
/// the client declares). Three forms, all kept as one network:
/// <list type="bullet">
/// <item>an exact address: <c>10.1.2.3</c>, <c>fd00::7</c> (a /32 or /128);</item>
/// <item>CIDR: <c>10.1.0.0/16</c>, <c>fd00::/8</c> (no host bits set after the prefix);</item>
/// <item>a prefix of whole groups ending in <c>*</c>: 1 to 3 IPv4 octets (<c>10.*</c>, <c>10.1.*</c>,
/// <c>10.1.2.*</c>, the same as <c>/8</c>, <c>/16</c>, <c>/24</c>) or 1 to 7 IPv6 groups
/// (<c>fd00:12:*</c> is <c>fd00:12::/32</c>). Text prefixes such as <c>10.1</c> are rejected: "10.1"
/// would also match 10.10-10.19 as text, which is never what an operator means.</item>
/// </list>
/// </summary>
public sealed record SessionIpFilter(IPNetwork Network)
{
    /// <summary>The canonical text: <c>address/prefix-length</c>.</summary>
    public override string ToString() => Network.ToString();

    /// <summary>The network's lowest address: its own.</summary>
    public IPAddress FirstAddress => Network.BaseAddress;

    /// <summary>The network's highest address: every bit after the prefix set.</summary>
    public IPAddress LastAddress
    {
        get
        {
            var bytes = Network.BaseAddress.GetAddressBytes();
            for (var bit = Network.PrefixLength; bit < bytes.Length * 8; bit++)
            {
                bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }

            return new IPAddress(bytes);
        }
    }

    /// <summary>False when the address is of the other family or outside the network.</summary>
    public bool Contains(IPAddress? address) => address is not null && address.AddressFamily == Network.BaseAddress.AddressFamily && Network.Contains(address);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionIpFilter? filter)
    {
        filter = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        if (text.EndsWith('*'))
        {
            return TryParsePrefix(text, out filter);
        }

        if (text.Contains('/'))
        {
            // The network's own address, no host bits after the prefix: 10.1.2.3/16 is a typo, not 10.1.0.0/16.
            if (!IsStrictAddress(text[..text.IndexOf('/')]) || !IPNetwork.TryParse(text, out var network)
                || !network.BaseAddress.Equals(IPAddress.Parse(text[..text.IndexOf('/')])))
            {
                return false;
            }

            filter = new SessionIpFilter(network);
            return true;
        }

        if (!IsStrictAddress(text) || !IPAddress.TryParse(text, out var address) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            return false;
        }

        filter = new SessionIpFilter(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
        return true;
    }

    private static bool TryParsePrefix(string text, [NotNullWhen(true)] out SessionIpFilter? filter)
    {
        filter = null;
        var head = text[..^1];
        if (head.EndsWith('.'))
        {
            var octets = head[..^1].Split('.');
            if (octets.Length is < 1 or > 3 || !octets.All(IsOctet)
                || !IPAddress.TryParse(string.Join('.', octets.Concat(Enumerable.Repeat("0", 4 - octets.Length))), out var v4))
            {
                return false;
            }

            filter = new SessionIpFilter(new IPNetwork(v4, octets.Length * 8));
            return true;
        }

        if (head.EndsWith(':') && !head.EndsWith("::", StringComparison.Ordinal))
        {
            var groups = head[..^1].Split(':');
            if (groups.Length is < 1 or > 7 || groups.Any(static g => g.Length is 0 or > 4 || !g.All(char.IsAsciiHexDigit))
                || !IPAddress.TryParse(string.Join(':', groups) + "::", out var v6))
            {
                return false;
            }

            filter = new SessionIpFilter(new IPNetwork(v6, groups.Length * 16));
            return true;
        }

        return false;
    }

    // IPAddress also takes inet_aton shorthands ("10.1" is 10.0.0.1, "010" is octal): only plain dotted quads here.
    private static bool IsStrictAddress(string text)
        => text.Contains(':') || (text.Split('.') is { Length: 4 } octets && octets.All(IsOctet));

    private static bool IsOctet(string text)
        => text.Length is >= 1 and <= 3 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0') && int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) <= 255;
}
