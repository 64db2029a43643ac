namespace SessionGrid.Grains.Sessions;

/// <summary>
/// Lists sessions from the store (not from live grains): status is current because transitions are
/// written through, counters are at most the flusher's staleness behind. The detail view of one
/// session comes from its grain.
/// </summary>
public interface ISessionQuery
{
    /// <summary>Up to <paramref name="limit"/> sessions, optionally only those in <paramref name="status"/>, ordered by session id.</summary>
    ValueTask<IReadOnlyList<SessionSnapshot>> ListAsync(SessionStatus? status, int limit, CancellationToken cancellationToken);

    /// <summary>How many stored sessions are in each status.</summary>
    ValueTask<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken);
}
