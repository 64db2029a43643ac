namespace SessionGrid.Benchmarks;

/// <summary>Shaped like a session's state: a few strings, counters and timestamps.</summary>
public sealed class FlusherBenchState
{
    public string SessionId { get; set; } = "10.0.0.5:4242";

    public string Status { get; set; } = "live";

    public string? OwnerSilo { get; set; } = "silo-1:14000";

    public long Heartbeats { get; set; }

    public int Incarnation { get; set; } = 1;

    public DateTimeOffset ConnectedAt { get; set; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset LastHeartbeatAt { get; set; } = DateTimeOffset.UnixEpoch;
}
