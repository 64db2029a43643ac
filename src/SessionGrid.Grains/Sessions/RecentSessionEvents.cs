namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The embedded event log: the newest transitions of all sessions in a bounded ring, so the API can
/// show "recent events" without a database. PostgreSQL mode writes <c>session_events</c> instead.
/// </summary>
public sealed class RecentSessionEvents(int capacity = 10_000) : ISessionEventSink
{
    private readonly object _gate = new();
    private readonly SessionEvent[] _ring = new SessionEvent[Math.Max(1, capacity)];
    private long _count;

    /// <summary>Transitions published since start.</summary>
    public long Published => Interlocked.Read(ref _count);

    public void Publish(string sessionId, SessionTransition transition)
    {
        lock (_gate)
        {
            _ring[_count % _ring.Length] = new SessionEvent(sessionId, transition);
            _count++;
        }
    }

    /// <summary>Up to <paramref name="limit"/> events, newest first.</summary>
    public IReadOnlyList<SessionEvent> Latest(int limit)
    {
        lock (_gate)
        {
            var available = (int)Math.Min(_count, _ring.Length);
            var take = Math.Clamp(limit, 0, available);
            var result = new SessionEvent[take];
            for (var i = 0; i < take; i++)
            {
                result[i] = _ring[(_count - 1 - i) % _ring.Length];
            }

            return result;
        }
    }
}
