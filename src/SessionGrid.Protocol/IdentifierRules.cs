namespace SessionGrid.Protocol;

/// <summary>
/// Bounds on the identifiers a client names itself with. Session ids become storage keys, URL path
/// segments and log fields, so they must be short and printable: a database index has a key size
/// limit, PostgreSQL text cannot hold NUL, and control characters corrupt logs and terminals.
/// </summary>
public static class IdentifierRules
{
    /// <summary>Longest session <c>id</c>, in UTF-8 bytes.</summary>
    public const int MaxIdBytes = 256;

    /// <summary>Longest declared <c>ip</c>, in UTF-8 bytes (room for a host name, not just an address).</summary>
    public const int MaxIpBytes = 255;

    /// <summary>True when <paramref name="value"/> is within <paramref name="maxBytes"/>, has no control characters and is not only spaces.</summary>
    public static bool IsValid(ReadOnlySpan<byte> value, int maxBytes, bool allowEmpty)
    {
        if (value.Length > maxBytes)
        {
            return false;
        }

        var printable = false;
        foreach (var b in value)
        {
            // UTF-8 multi-byte sequences are all >= 0x80; only ASCII controls can appear as single bytes.
            if (b < 0x20 || b == 0x7F)
            {
                return false;
            }

            printable |= b != (byte)' ';
        }

        return printable || (allowEmpty && value.IsEmpty);
    }
}
