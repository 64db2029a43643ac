namespace SessionGrid.Sink.Connections;

/// <summary>The body of <c>GET /stats</c> (camelCase JSON): counters since the sink started.</summary>
public sealed record SinkStats(
    long Frames,
    long Bytes,
    long ConnectionsOpen,
    long ConnectionsAccepted,
    long Violations,
    long Truncated);
