using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Data;

/// <summary>The overview page's numbers, read at <paramref name="At"/>.</summary>
/// <param name="At">When they were read (the session clock).</param>
/// <param name="Sessions">Stored sessions by status and by owner silo.</param>
/// <param name="HeartbeatsPerSecond">This silo's heartbeats per second over the last minute.</param>
/// <param name="TransitionsLastMinute">The last minute's transitions by target status.</param>
/// <param name="HeartbeatsBySilo">
/// Heartbeats each active silo has received since it started, keyed by owner value
/// (<c>name/address@generation</c>, as sessions name their silo); null for a silo that did not answer.
/// </param>
public sealed record OverviewFigures(
    DateTimeOffset At,
    SessionCounts Sessions,
    double HeartbeatsPerSecond,
    IReadOnlyDictionary<string, long> TransitionsLastMinute,
    IReadOnlyDictionary<string, long?> HeartbeatsBySilo);
