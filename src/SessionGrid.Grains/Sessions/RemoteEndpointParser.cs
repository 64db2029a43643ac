using System.Globalization;
using System.Net;

namespace SessionGrid.Grains.Sessions;

/// <summary>Splits a session's <c>remote_endpoint</c> ("ip:port" or "[v6]:port") into address and port (the store's inet and port columns, the list's ip filter).</summary>
public static class RemoteEndpointParser
{
    /// <summary>False (both outputs null) for anything but a literal address with a port in 0..65535.</summary>
    public static bool TryParse(string? endpoint, out IPAddress? address, out int? port)
    {
        address = null;
        port = null;
        if (string.IsNullOrEmpty(endpoint))
        {
            return false;
        }

        ReadOnlySpan<char> host;
        ReadOnlySpan<char> portText;
        var text = endpoint.AsSpan();
        if (text[0] == '[')
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            portText = text[(close + 2)..];
        }
        else
        {
            // Without brackets only IPv4 is unambiguous: "::1:80" could be an address or an address and a port.
            var colon = text.IndexOf(':');
            if (colon < 0 || text[(colon + 1)..].Contains(':'))
            {
                return false;
            }

            host = text[..colon];
            portText = text[(colon + 1)..];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort)
            || parsedPort > ushort.MaxValue
            || !IPAddress.TryParse(host, out var parsed))
        {
            return false;
        }

        address = parsed;
        port = parsedPort;
        return true;
    }
}
