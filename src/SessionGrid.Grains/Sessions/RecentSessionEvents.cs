namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The embedded event log: the newest transitions of all sessions on this silo in a bounded ring, so the
/// API can show "recent events" without a database. With PostgreSQL the API reads the durable
/// <c>session_events</c> table instead (every silo, across restarts).
/// </summary>
public sealed class RecentSessionEvents(int capacity = 10_000) : ISessionEventQuery
{
    private readonly object _gate = new();
    private readonly SessionEvent[] _ring = new SessionEvent[Math.Max(1, capacity)];
    private long _count;

    /// <summary>Transitions published since start.</summary>
    public long Published => Interlocked.Read(ref _count);

    public void Add(SessionEvent item)
    {
        lock (_gate)
        {
            _ring[_count % _ring.Length] = item;
            _count++;
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SessionEvent>> LatestAsync(SessionEventFilter filter, int limit, CancellationToken cancellationToken)
        => ValueTask.FromResult(Latest(filter, limit));

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, long>> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [SessionStatusNames.Live] = 0,
            [SessionStatusNames.Leave] = 0,
            [SessionStatusNames.Closed] = 0,
        };
        lock (_gate)
        {
            var available = Math.Min(_count, _ring.Length);
            for (long i = 0; i < available; i++)
            {
                var item = _ring[(_count - 1 - i) % _ring.Length];
                if (item.Transition.Time >= since)
                {
                    counts[item.Transition.To.ToWire()]++;
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, long>>(counts);
    }

    /// <summary>Up to <paramref name="limit"/> events that match <paramref name="filter"/>, newest first.</summary>
    public IReadOnlyList<SessionEvent> Latest(SessionEventFilter filter, int limit)
    {
        lock (_gate)
        {
            var available = Math.Min(_count, _ring.Length);
            var result = new List<SessionEvent>((int)Math.Clamp(limit, 0, filter.SessionId is null ? available : 16));
            for (long i = 0; i < available && result.Count < limit; i++)
            {
                var item = _ring[(_count - 1 - i) % _ring.Length];
                if (filter.Matches(item))
                {
                    result.Add(item);
                }
            }

            return result;
        }
    }
}
