namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The embedded event log: the newest transitions of all sessions on this silo in a bounded ring, so the
/// API can show "recent events" without a database. With PostgreSQL the API reads the durable
/// <c>session_events</c> table instead (every silo, across restarts).
/// </summary>
public sealed class RecentSessionEvents(int capacity = 10_000) : ISessionEventSink, ISessionEventQuery
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

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SessionEvent>> LatestAsync(string? sessionId, int limit, CancellationToken cancellationToken)
        => ValueTask.FromResult(Latest(sessionId, limit));

    /// <summary>Up to <paramref name="limit"/> events (of <paramref name="sessionId"/> only, when given), newest first.</summary>
    public IReadOnlyList<SessionEvent> Latest(string? sessionId, int limit)
    {
        lock (_gate)
        {
            var available = Math.Min(_count, _ring.Length);
            var result = new List<SessionEvent>((int)Math.Clamp(limit, 0, sessionId is null ? available : 16));
            for (long i = 0; i < available && result.Count < limit; i++)
            {
                var item = _ring[(_count - 1 - i) % _ring.Length];
                if (sessionId is null || string.Equals(item.SessionId, sessionId, StringComparison.Ordinal))
                {
                    result.Add(item);
                }
            }

            return result;
        }
    }
}
