using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// Local addresses handed out round robin by client index. Ranges are kept as (start, count) and
/// addresses computed on demand, so <c>127.0.0.0-127.255.255.255</c> costs no more than one address.
/// </summary>
internal sealed class SourceAddressPool
{
    private readonly (IPAddress? Single, uint Start, long Count)[] _segments;

    private SourceAddressPool((IPAddress?, uint, long)[] segments, AddressFamily family)
    {
        _segments = segments;
        Family = family;
        Count = segments.Sum(s => s.Item3);
    }

    public AddressFamily Family { get; }

    /// <summary>How many addresses the pool holds.</summary>
    public long Count { get; }

    /// <summary>Parses a comma list of addresses and IPv4 ranges <c>a.b.c.d-e.f.g.h</c> (inclusive).</summary>
    public static bool TryParse(string? spec, [NotNullWhen(true)] out SourceAddressPool? pool, [NotNullWhen(false)] out string? error)
    {
        pool = null;
        var segments = new List<(IPAddress?, uint, long)>();
        AddressFamily? family = null;
        foreach (var raw in (spec ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryParseSegment(raw, out var segment, out var segmentFamily, out error))
            {
                error = $"--source-addresses '{spec}': {error}";
                return false;
            }

            if (family is { } known && known != segmentFamily)
            {
                error = $"--source-addresses '{spec}' mixes IPv4 and IPv6 addresses; use one family, the target's.";
                return false;
            }

            family = segmentFamily;
            segments.Add(segment);
        }

        pool = new SourceAddressPool([.. segments], family!.Value);
        error = null;
        return true;
    }

    /// <summary>The address for client <paramref name="index"/> (round robin).</summary>
    public IPAddress Get(long index)
    {
        var offset = index % Count;
        foreach (var (single, start, count) in _segments)
        {
            if (offset < count)
            {
                return single ?? ToAddress(start + (uint)offset);
            }

            offset -= count;
        }

        throw new InvalidOperationException("Source address index out of range.");
    }

    private static bool TryParseSegment(string text, out (IPAddress?, uint, long) segment, out AddressFamily family, [NotNullWhen(false)] out string? error)
    {
        segment = default;
        family = AddressFamily.Unspecified;
        if (text.Length == 0)
        {
            error = "an entry is empty; expected addresses separated by commas, or a range like 127.0.0.2-127.0.0.60.";
            return false;
        }

        var dash = text.IndexOf('-');
        if (dash < 0)
        {
            if (!IPAddress.TryParse(text, out var address) || !IsStrict(text, address))
            {
                error = $"'{text}' is not an IP address.";
                return false;
            }

            family = address.AddressFamily;
            segment = (address, 0, 1);
            error = null;
            return true;
        }

        var first = text[..dash].Trim();
        var last = text[(dash + 1)..].Trim();
        if (!TryParseV4(first, out var start) || !TryParseV4(last, out var end))
        {
            error = $"'{text}' is not a range of two IPv4 addresses (ranges are IPv4 only; list IPv6 addresses with commas).";
            return false;
        }

        if (end < start)
        {
            error = $"the range '{text}' ends before it starts.";
            return false;
        }

        family = AddressFamily.InterNetwork;
        segment = (null, start, (long)end - start + 1);
        error = null;
        return true;
    }

    private static bool TryParseV4(string text, out uint value)
    {
        value = 0;
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork || !IsStrict(text, address))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        return true;
    }

    // IPAddress.TryParse accepts "1" or "127.1" (inet_aton forms); for a spec that is almost always a typo.
    private static bool IsStrict(string text, IPAddress address) =>
        address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') == 3;

    private static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
