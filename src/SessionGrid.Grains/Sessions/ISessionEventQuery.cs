namespace SessionGrid.Grains.Sessions;

/// <summary>
/// Reads the event log of session transitions: the in-memory ring of this silo by default, the
/// <c>session_events</c> table (every silo, surviving restarts) with PostgreSQL.
/// </summary>
public interface ISessionEventQuery
{
    /// <summary>
    /// Up to <paramref name="limit"/> events, newest first: of every session, or only of
    /// <paramref name="sessionId"/> (its history, across incarnations) when it is given.
    /// </summary>
    ValueTask<IReadOnlyList<SessionEvent>> LatestAsync(string? sessionId, int limit, CancellationToken cancellationToken);
}
