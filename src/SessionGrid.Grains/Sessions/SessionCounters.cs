namespace SessionGrid.Grains.Sessions;

/// <summary>The per-session counters PROTOCOL.md lists.</summary>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.SessionCounters")]
public sealed record SessionCounters(
    [property: Id(0)] long HeartbeatsReceived,
    [property: Id(1)] long MissedIntervalsCurrent,
    [property: Id(2)] long MissedIntervalsTotal,
    [property: Id(3)] long Leaves,
    [property: Id(4)] long Recoveries,
    [property: Id(5)] long Reconnects,
    [property: Id(6)] long ProtocolViolations,
    [property: Id(7)] long BytesIn);
