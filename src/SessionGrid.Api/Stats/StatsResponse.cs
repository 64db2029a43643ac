namespace SessionGrid.Api.Stats;

/// <summary>
/// <c>GET /api/stats</c>: stored sessions by status and by owner silo then status (sessions without an
/// owner under ""), this silo's heartbeats per second, and transitions of the last minute by the status
/// they went to (every silo's with PostgreSQL, this silo's in the embedded default).
/// </summary>
public sealed record StatsResponse(
    string Silo,
    IReadOnlyDictionary<string, long> Sessions,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Silos,
    double HeartbeatsPerSecond,
    IReadOnlyDictionary<string, long> TransitionsLastMinute);
