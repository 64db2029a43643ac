namespace SessionGrid.Api.Endpoints;

/// <summary>
/// <c>GET /api/cluster</c>: the membership table (Orleans' storage of it: Redis in a cluster) and this
/// silo's own view of it, which is what it routes by. <see cref="MembershipTable"/> is <c>unreachable</c>
/// while the table cannot be read; the silos listed then come from this silo's view.
/// </summary>
public sealed record ClusterView(
    string ThisSilo,
    long MembershipVersion,
    string MembershipTable,
    IReadOnlyList<ClusterSiloView> Silos,
    IReadOnlyList<ClusterMemberView> View);
