namespace SessionGrid.Grains.Listing;

/// <summary>What a session list is ordered by; the session id breaks ties, in the same direction.</summary>
public enum SessionSort
{
    /// <summary>Session id, byte order (ordinal).</summary>
    Id,

    /// <summary>Last heartbeat; a session that never sent one sorts as older than any that did.</summary>
    LastHeartbeat,

    /// <summary>When the session entered its current status.</summary>
    StateSince,

    /// <summary>Heartbeats received in the current incarnation.</summary>
    Heartbeats,
}
