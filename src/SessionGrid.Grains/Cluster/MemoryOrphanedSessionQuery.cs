using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Grains.Cluster;

/// <summary><see cref="IOrphanedSessionQuery"/> over the in-memory store (single-silo default).</summary>
public sealed class MemoryOrphanedSessionQuery(MemorySessionStore storage) : IOrphanedSessionQuery
{
    public ValueTask<IReadOnlyList<OrphanedSession>> ListLiveNotOwnedByAsync(IReadOnlyCollection<string> owners, string? after, int limit, CancellationToken cancellationToken)
    {
        var wanted = owners.ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<OrphanedSession> page = storage.Snapshot()
            .Where(s => s.Status == SessionStatus.Live && s.OwnerSilo is { } owner && !wanted.Contains(owner)
                        && (after is null || string.CompareOrdinal(s.SessionId, after) > 0))
            .OrderBy(s => s.SessionId, StringComparer.Ordinal)
            .Take(limit)
            .Select(s => new OrphanedSession(s.SessionId, s.OwnerSilo!))
            .ToList();
        return ValueTask.FromResult(page);
    }
}
