namespace SessionGrid.Grains.Sessions;

/// <summary>
/// Reads the event log of session transitions: the in-memory ring of this silo by default, the
/// <c>session_events</c> table (every silo, surviving restarts) with PostgreSQL.
/// </summary>
public interface ISessionEventQuery
{
    /// <summary>
    /// Up to <paramref name="limit"/> events that match <paramref name="filter"/>, newest first (one
    /// session's history newest first by its sequence number, across incarnations).
    /// </summary>
    ValueTask<IReadOnlyList<SessionEvent>> LatestAsync(SessionEventFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>Transitions made at or after <paramref name="since"/>, counted by the status they went to (every status present).</summary>
    ValueTask<IReadOnlyDictionary<string, long>> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
