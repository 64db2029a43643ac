using SessionGrid.Grains.Listing;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// Lists sessions from the store (not from live grains): status is current because transitions are
/// written through, counters are at most the flusher's staleness behind. The detail view of one
/// session comes from its grain.
/// </summary>
public interface ISessionQuery
{
    /// <summary>One page of the sessions that match <paramref name="query"/>, in its order (keyset paging).</summary>
    ValueTask<SessionListPage> ListAsync(SessionListQuery query, CancellationToken cancellationToken);

    /// <summary>How many stored sessions are in each status, overall and per owner silo.</summary>
    ValueTask<SessionCounts> CountAsync(CancellationToken cancellationToken);
}
