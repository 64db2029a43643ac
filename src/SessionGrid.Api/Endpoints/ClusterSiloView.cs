namespace SessionGrid.Api.Endpoints;

/// <summary>One silo: what membership records, and (when it answers) what it holds.</summary>
public sealed record ClusterSiloView(
    string Address,
    string? Name,
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? IAmAliveAt,
    bool IsThisSilo,
    long? SessionsOwned,
    long? ConnectionsOpen,
    double? HeartbeatsPerSecond);
