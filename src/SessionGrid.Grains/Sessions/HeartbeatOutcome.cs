namespace SessionGrid.Grains.Sessions;

/// <summary>What became of a heartbeat.</summary>
[GenerateSerializer]
[Alias("SessionGrid.HeartbeatOutcome")]
public enum HeartbeatOutcome
{
    /// <summary>Counted; the session is live or leave.</summary>
    Accepted,

    /// <summary>Counted, and the session is now closed: the grain has kicked the connection.</summary>
    Closed,

    /// <summary>The connection is not (or no longer) the session's: the gateway must re-attach or close it.</summary>
    NotAttached,
}
