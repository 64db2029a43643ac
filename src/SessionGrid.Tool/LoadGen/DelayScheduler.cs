using System.Diagnostics;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// One timer for every client: sleeping clients wait in a priority queue by due time and a single
/// periodic tick wakes those that are due. At 18,000 clients this replaces 18,000 timers with one,
/// and a sleeping client costs a queue entry. Times are <see cref="Stopwatch"/> timestamps.
/// </summary>
internal sealed class DelayScheduler : IAsyncDisposable
{
    private readonly PriorityQueue<DelayWaiter, long> _queue = new();
    private readonly List<DelayWaiter> _due = [];
    private readonly Lock _gate = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private bool _stopped;

    public DelayScheduler(TimeSpan tick)
    {
        _timer = new PeriodicTimer(tick);
        _loop = RunAsync();
    }

    /// <summary>The current timestamp.</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>A timestamp <paramref name="seconds"/> after <paramref name="from"/>, saturating.</summary>
    public static long After(long from, double seconds)
    {
        var ticks = seconds * Stopwatch.Frequency;
        return ticks >= long.MaxValue - from ? long.MaxValue : from + (long)ticks;
    }

    /// <summary>Seconds from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double Seconds(long from, long to) => (double)(to - from) / Stopwatch.Frequency;

    /// <summary>
    /// Waits until <paramref name="due"/> (<see cref="long.MaxValue"/>: until <see cref="Stop"/>).
    /// True when the time came; false when the scheduler stopped first.
    /// </summary>
    public ValueTask<bool> WaitUntilAsync(DelayWaiter waiter, long due)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return ValueTask.FromResult(false);
            }

            if (due <= Now)
            {
                return ValueTask.FromResult(true);
            }

            var wait = waiter.Arm();
            _queue.Enqueue(waiter, due);
            return wait;
        }
    }

    /// <summary>Wakes every waiter with false; later waits return false at once.</summary>
    public void Stop()
    {
        List<DelayWaiter> waiting;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            waiting = new List<DelayWaiter>(_queue.Count);
            while (_queue.TryDequeue(out var waiter, out _))
            {
                waiting.Add(waiter);
            }
        }

        _timer.Dispose();
        foreach (var waiter in waiting)
        {
            waiter.Complete(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _loop;
    }

    private async Task RunAsync()
    {
        while (await _timer.WaitForNextTickAsync())
        {
            var now = Now;
            lock (_gate)
            {
                while (_queue.TryPeek(out var waiter, out var due) && due <= now)
                {
                    _queue.Dequeue();
                    _due.Add(waiter);
                }
            }

            // Outside the lock: a woken client may arm its next wait at once.
            foreach (var waiter in _due)
            {
                waiter.Complete(true);
            }

            _due.Clear();
        }
    }
}
