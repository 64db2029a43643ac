namespace SessionGrid.Client.Internal;

/// <summary>
/// Heartbeats waiting for their ack. One timer watches the oldest: when it has waited the ack timeout,
/// the path to the server is taken for dead (a half-open connection that TCP alone would not notice).
/// </summary>
internal sealed class AckTracker : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<(long Seq, long SentAt)> _pending = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly Action<long> _onTimeout;
    private readonly ITimer _timer;
    private bool _disposed;

    /// <param name="onTimeout">Called (once at most, on a timer thread) with the seq of the heartbeat that went unacknowledged.</param>
    public AckTracker(TimeProvider time, TimeSpan timeout, Action<long> onTimeout)
    {
        _time = time;
        _timeout = timeout;
        _onTimeout = onTimeout;
        _timer = time.CreateTimer(static state => ((AckTracker)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Call before the heartbeat is written, so that its ack cannot arrive first.</summary>
    public void Sent(long seq)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _pending.Enqueue((seq, _time.GetTimestamp()));
            if (_pending.Count == 1)
            {
                _timer.Change(_timeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Clears <paramref name="seq"/> and every older heartbeat; the round trip when <paramref name="seq"/> was sent here.</summary>
    public TimeSpan? Acknowledged(long seq)
    {
        lock (_gate)
        {
            TimeSpan? roundTrip = null;
            while (_pending.TryPeek(out var oldest) && oldest.Seq <= seq)
            {
                _pending.Dequeue();
                if (oldest.Seq == seq)
                {
                    roundTrip = _time.GetElapsedTime(oldest.SentAt);
                }
            }

            if (!_disposed)
            {
                _timer.Change(_pending.TryPeek(out var next) ? Remaining(next.SentAt) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            return roundTrip;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _pending.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        long overdue;
        lock (_gate)
        {
            if (_disposed || !_pending.TryPeek(out var oldest))
            {
                return;
            }

            var remaining = Remaining(oldest.SentAt);
            if (remaining > TimeSpan.Zero)
            {
                _timer.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }

            overdue = oldest.Seq;
            _disposed = true;
        }

        // Outside the lock: the callback tears the connection down.
        _onTimeout(overdue);
    }

    private TimeSpan Remaining(long sentAt)
    {
        var remaining = _timeout - _time.GetElapsedTime(sentAt);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
