using SessionGrid.TestKit;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that also tells a test when a component arms a timer, so the test
/// advances the clock only after a backoff or next tick was scheduled: no polling, no sleeping.
/// </summary>
internal sealed class ObservableTimeProvider : TimeProvider
{
    private readonly ManualTimeProvider _inner = new();
    private readonly object _lock = new();
    private readonly List<TimeSpan> _armed = [];
    private readonly List<(TimeSpan Due, int Count, TaskCompletionSource Done)> _waiters = [];

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this, _inner.CreateTimer(callback, state, dueTime, period));
        Record(dueTime);
        return timer;
    }

    public void Advance(TimeSpan delta) => _inner.Advance(delta);

    /// <summary>Completes when timers were armed <paramref name="count"/> times with <paramref name="dueTime"/> in total.</summary>
    public Task WaitForArmedAsync(TimeSpan dueTime, int count = 1)
    {
        lock (_lock)
        {
            if (_armed.Count(d => d == dueTime) >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, count, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public int ArmedCount(TimeSpan dueTime)
    {
        lock (_lock)
        {
            return _armed.Count(d => d == dueTime);
        }
    }

    private void Record(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        lock (_lock)
        {
            _armed.Add(dueTime);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (due, count, done) = _waiters[i];
                if (_armed.Count(d => d == due) >= count)
                {
                    done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class ObservedTimer(ObservableTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Armed first, reported second: a released waiter may advance the clock at once.
            var changed = inner.Change(dueTime, period);
            owner.Record(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
