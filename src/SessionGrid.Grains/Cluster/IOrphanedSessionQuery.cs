namespace SessionGrid.Grains.Cluster;

/// <summary>Finds live sessions by <c>sessions.owner_silo</c>, for the survivors of a silo that died.</summary>
public interface IOrphanedSessionQuery
{
    /// <summary>
    /// Live sessions whose owner is not one of <paramref name="owners"/>, ordered by session id and
    /// starting after <paramref name="after"/> (a page's last id; null for the first page).
    /// </summary>
    ValueTask<IReadOnlyList<OrphanedSession>> ListLiveNotOwnedByAsync(IReadOnlyCollection<string> owners, string? after, int limit, CancellationToken cancellationToken);
}
