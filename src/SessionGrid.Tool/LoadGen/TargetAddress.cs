using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace SessionGrid.Tool.LoadGen;

/// <summary>A gateway to connect to: a host (address or DNS name) and a port.</summary>
internal sealed record TargetAddress(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c> or <c>[v6 address]:port</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TargetAddress? target, [NotNullWhen(false)] out string? error)
    {
        target = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "--target is empty; expected host:port, e.g. 127.0.0.1:14000.";
            return false;
        }

        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"--target '{text}' is not [address]:port.";
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out _))
            {
                error = $"--target '{text}': '{host}' between brackets is not an IP address.";
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':') != colon)
            {
                error = colon > 0
                    ? $"--target '{text}': write an IPv6 address in brackets, e.g. [::1]:14000."
                    : $"--target '{text}' has no port; expected host:port, e.g. 127.0.0.1:14000.";
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
            if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                error = $"--target '{text}': '{host}' is not a valid host name or address.";
                return false;
            }
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            error = $"--target '{text}': the port must be a number from 1 to 65535.";
            return false;
        }

        target = new TargetAddress(host, number);
        error = null;
        return true;
    }

    /// <summary>Parses one target or a comma list of them (<c>a:14001,b:14001</c>); each problem names the bad entry.</summary>
    public static bool TryParseList(string? text, [NotNullWhen(true)] out IReadOnlyList<TargetAddress>? targets, [NotNullWhen(false)] out string? error)
    {
        targets = null;
        var entries = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        var parsed = new List<TargetAddress>(entries.Length);
        foreach (var entry in entries)
        {
            if (!TryParse(entry, out var target, out error))
            {
                return false;
            }

            if (parsed.Contains(target))
            {
                error = $"--target lists {target} twice.";
                return false;
            }

            parsed.Add(target);
        }

        targets = parsed;
        error = null;
        return true;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
