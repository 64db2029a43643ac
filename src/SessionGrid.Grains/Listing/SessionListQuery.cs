using System.Globalization;
using System.Text;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Listing;

/// <summary>
/// A page of the session list: filters (all optional, all must hold), the order, the page size and where
/// the page starts. Both stores answer it the same way; <see cref="Matches"/> and <see cref="Compare"/>
/// are the reference semantics (the in-memory store runs them, PostgreSQL runs the same in SQL).
/// </summary>
public sealed record SessionListQuery
{
    /// <summary>Page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The longest session id prefix (session ids are at most 512 characters).</summary>
    public const int MaxIdPrefixLength = 512;

    public SessionStatus? Status { get; init; }

    /// <summary>
    /// Sessions of this silo: a silo name (<c>silo1</c>) takes every generation of it, a full owner value
    /// (<c>silo1/10.0.0.5:11111@502112345</c>) exactly that one (<see cref="SessionOwner.IsOwnedBy"/>).
    /// </summary>
    public string? OwnerSilo { get; init; }

    /// <summary>Sessions whose remote address is in this network.</summary>
    public SessionIpFilter? Ip { get; init; }

    /// <summary>Sessions whose id starts with this text (ordinal; no wildcards).</summary>
    public string? IdPrefix { get; init; }

    /// <summary>Last heartbeat strictly before this time; sessions without one do not match.</summary>
    public DateTimeOffset? HeartbeatBefore { get; init; }

    /// <summary>Last heartbeat at or after this time; sessions without one do not match.</summary>
    public DateTimeOffset? HeartbeatAfter { get; init; }

    public SessionSort Sort { get; init; }

    public SortDirection Direction { get; init; }

    /// <summary>1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>The page starts after this row (from the previous page's cursor); null for the first page.</summary>
    public SessionListPosition? After { get; init; }

    /// <summary>Filters and order as one canonical text: a cursor is valid only for the query it was issued for.</summary>
    public string Fingerprint()
    {
        var text = new StringBuilder("v1");
        Append(text, "status", Status?.ToWire());
        Append(text, "silo", OwnerSilo);
        Append(text, "ip", Ip?.ToString());
        Append(text, "prefix", IdPrefix);
        Append(text, "before", HeartbeatBefore?.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(text, "after", HeartbeatAfter?.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(text, "sort", Sort.ToWire());
        Append(text, "dir", Direction.ToWire());
        return text.ToString();

        // Length-prefixed, so no value can forge another field.
        static void Append(StringBuilder text, string name, string? value)
            => text.Append('|').Append(name).Append(value is null ? "=-" : $"={value.Length}:{value}");
    }

    /// <summary>Whether <paramref name="state"/> passes every filter.</summary>
    public bool Matches(SessionState state)
    {
        if ((Status is { } status && state.Status != status)
            || (OwnerSilo is not null && !SessionOwner.IsOwnedBy(state.OwnerSilo, OwnerSilo))
            || (IdPrefix is not null && !state.SessionId.StartsWith(IdPrefix, StringComparison.Ordinal)))
        {
            return false;
        }

        if (Ip is not null && !(RemoteEndpointParser.TryParse(state.RemoteEndpoint, out var address, out _) && Ip.Contains(address)))
        {
            return false;
        }

        if (HeartbeatBefore is not null || HeartbeatAfter is not null)
        {
            if (state.LastHeartbeat is not { } last || (HeartbeatBefore is { } before && last >= before) || (HeartbeatAfter is { } after && last < after))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sort value of <paramref name="state"/> (see <see cref="SessionListPosition.Key"/>).</summary>
    public long? KeyOf(SessionState state) => Sort switch
    {
        SessionSort.Id => 0,
        SessionSort.LastHeartbeat => state.LastHeartbeat?.UtcTicks,
        SessionSort.StateSince => state.StateSince.UtcTicks,
        SessionSort.Heartbeats => state.HeartbeatsReceived,
        _ => throw new ArgumentOutOfRangeException(nameof(Sort), Sort, null),
    };

    /// <summary>The position of <paramref name="state"/> in this query's order.</summary>
    public SessionListPosition PositionOf(SessionState state) => new(KeyOf(state), state.SessionId);

    /// <summary>Negative when <paramref name="a"/> comes first in this query's order (no key, i.e. no heartbeat, is the smallest).</summary>
    public int Compare(SessionListPosition a, SessionListPosition b)
    {
        var order = Nullable.Compare(a.Key, b.Key);
        if (order == 0)
        {
            order = string.CompareOrdinal(a.SessionId, b.SessionId);
        }

        return Direction == SortDirection.Asc ? order : -order;
    }
}
