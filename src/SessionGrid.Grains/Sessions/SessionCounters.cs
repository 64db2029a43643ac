namespace SessionGrid.Grains.Sessions;

/// <summary>The per-session counters PROTOCOL.md lists.</summary>
public sealed record SessionCounters(
    long HeartbeatsReceived,
    long MissedIntervalsCurrent,
    long MissedIntervalsTotal,
    long Leaves,
    long Recoveries,
    long Reconnects,
    long ProtocolViolations,
    long BytesIn);
