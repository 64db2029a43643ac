using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Data;

/// <summary>The overview page's numbers: stored sessions by status and silo, this silo's heartbeats per second, the last minute's transitions by target status.</summary>
public sealed record OverviewFigures(SessionCounts Sessions, double HeartbeatsPerSecond, IReadOnlyDictionary<string, long> TransitionsLastMinute);
