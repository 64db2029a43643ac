using System.Buffers;
using System.Text;

namespace SessionGrid.Protocol;

/// <summary>
/// Turns the identity fields of a frame into the session id string (PROTOCOL.md "Session id").
/// One per connection: a client sends the same identity in every heartbeat, so the last result is
/// cached and returned as the same instance, which makes steady-state resolution allocation-free.
/// Not thread-safe.
/// </summary>
public sealed class SessionIdResolver
{
    private const int StackCharLimit = 256;

    private readonly Utf8StringCache _idCache = new();
    private readonly Utf8StringCache _ipCache = new();
    private readonly Utf8StringCache _ipPidCache = new();
    private long _cachedPid;

    /// <summary>
    /// First match wins: <paramref name="id"/> when non-empty; else <c>"{ip}:{pid}"</c> when a pid was
    /// sent (and the ip is non-empty); else <paramref name="remoteEndpoint"/>, returned as given.
    /// </summary>
    public string Resolve(ReadOnlySpan<byte> id, ReadOnlySpan<byte> ip, bool hasPid, long pid, string remoteEndpoint)
    {
        if (!id.IsEmpty)
        {
            return _idCache.TryGet(id) ?? _idCache.Set(id, Encoding.UTF8.GetString(id));
        }

        if (hasPid && !ip.IsEmpty)
        {
            if (_cachedPid == pid && _ipPidCache.TryGet(ip) is { } cached)
            {
                return cached;
            }

            _cachedPid = pid;
            return _ipPidCache.Set(ip, FormatIpPid(ip, pid));
        }

        ArgumentNullException.ThrowIfNull(remoteEndpoint);
        return remoteEndpoint;
    }

    /// <summary>The declared ip as a string, the same instance while it does not change.</summary>
    public string GetIp(ReadOnlySpan<byte> ip) => _ipCache.TryGet(ip) ?? _ipCache.Set(ip, Encoding.UTF8.GetString(ip));

    private static string FormatIpPid(ReadOnlySpan<byte> ip, long pid)
    {
        // ':' plus at most 20 characters for a long.
        int maxLength = Encoding.UTF8.GetMaxCharCount(ip.Length) + 21;
        char[]? rented = null;
        Span<char> buffer = maxLength <= StackCharLimit
            ? stackalloc char[StackCharLimit]
            : (rented = ArrayPool<char>.Shared.Rent(maxLength));
        try
        {
            int length = Encoding.UTF8.GetChars(ip, buffer);
            buffer[length++] = ':';
            pid.TryFormat(buffer[length..], out int digits, provider: System.Globalization.CultureInfo.InvariantCulture);
            return new string(buffer[..(length + digits)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
