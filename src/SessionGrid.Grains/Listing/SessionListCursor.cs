using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SessionGrid.Grains.Listing;

/// <summary>
/// The opaque <c>next</c> token of a session list: base64url of the last row's position, a dot, and a
/// checksum over the position and the query's <see cref="SessionListQuery.Fingerprint"/>. A token that
/// was edited, or is replayed with other filters or another order, fails the checksum. It is not a secret
/// (it names a session id the caller already saw), so the checksum is a plain hash, the same on every silo.
/// </summary>
public static class SessionListCursor
{
    /// <summary>Longer tokens are rejected unread (a 512-character id encodes to well under this).</summary>
    public const int MaxLength = 4096;

    private const int ChecksumBytes = 12;

    public static string Encode(SessionListQuery query, SessionListPosition position)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (position.Key is { } key)
            {
                writer.WriteNumber("k", key);
            }
            else
            {
                writer.WriteNull("k");
            }

            writer.WriteString("i", position.SessionId);
            writer.WriteEndObject();
        }

        var payload = buffer.ToArray();
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Checksum(query, payload));
    }

    /// <summary>False for anything but a token <see cref="Encode"/> made for a query with the same fingerprint.</summary>
    public static bool TryDecode(SessionListQuery query, string? token, [NotNullWhen(true)] out SessionListPosition? position)
    {
        position = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return false;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || !Base64Url.IsValid(token.AsSpan(0, dot)) || !Base64Url.IsValid(token.AsSpan(dot + 1)))
        {
            return false;
        }

        var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        var checksum = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        if (!CryptographicOperations.FixedTimeEquals(checksum, Checksum(query, payload)))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var key = root.GetProperty("k");
            var id = root.GetProperty("i").GetString();
            if (id is null)
            {
                return false;
            }

            position = new SessionListPosition(key.ValueKind == JsonValueKind.Null ? null : key.GetInt64(), id);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return false;
        }
    }

    private static byte[] Checksum(SessionListQuery query, byte[] payload)
    {
        var fingerprint = Encoding.UTF8.GetBytes(query.Fingerprint() + "\n");
        var input = new byte[fingerprint.Length + payload.Length];
        fingerprint.CopyTo(input, 0);
        payload.CopyTo(input, fingerprint.Length);
        return SHA256.HashData(input)[..ChecksumBytes];
    }
}
