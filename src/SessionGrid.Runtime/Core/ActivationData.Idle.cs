using SessionGrid.Runtime.Timers;

namespace SessionGrid.Runtime.Core;

/// <summary>
/// What idle collection needs: the last-use clock, the collector's intrusive bucket links, the
/// grain's timers and how many of them keep the activation alive.
/// </summary>
internal sealed partial class ActivationData
{
    // TimeProvider timestamp of the start of the last call turn (or of activation, of clearing
    // keep-alive, of releasing the last keep-alive timer). Written without the lock: a long write
    // is atomic here.
    private long _lastUse;
    private int _keepAliveTimers;
    private List<IGrainTimer>? _timers;

    /// <summary>Outcome of <see cref="CheckIdle"/>.</summary>
    internal enum IdleCheck
    {
        /// <summary>Idle for the whole age: deactivation requested.</summary>
        Collected,

        /// <summary>Going away or kept alive: the collector should forget it.</summary>
        Untracked,

        /// <summary>Not idle long enough: look again at the returned time.</summary>
        Recheck,
    }

    // Intrusive links of the collector's time buckets; owned by ActivationCollector, under its lock.
    internal ActivationData? CollectorNext { get; set; }

    internal ActivationData? CollectorPrev { get; set; }

    internal long CollectorBucket { get; set; } = -1;

    internal long LastUse => Volatile.Read(ref _lastUse);

    /// <summary>
    /// Deactivates the activation if it has had nothing to do for <paramref name="age"/> (timestamp
    /// units), atomically with respect to new calls: a call queued after this check runs on a new activation.
    /// </summary>
    internal IdleCheck CheckIdle(long now, long age, out long recheckAt)
    {
        recheckAt = 0;
        lock (_queue)
        {
            if (_state >= ActivationState.Deactivating || _deactivationRequested || _keepAlive)
            {
                return IdleCheck.Untracked;
            }

            if (Volatile.Read(ref _keepAliveTimers) > 0)
            {
                // Releasing the last keep-alive timer restarts the idle clock, so one look per age is enough.
                recheckAt = now + age;
                return IdleCheck.Recheck;
            }

            if (_state != ActivationState.Valid || _scheduled || _queue.Count > 0)
            {
                // Busy right now: look again next quantum. A call restarts the idle clock when it
                // runs; a timer tick or other work item does not.
                recheckAt = now;
                return IdleCheck.Recheck;
            }

            var lastUse = Volatile.Read(ref _lastUse);
            if (now - lastUse < age)
            {
                recheckAt = lastUse + age;
                return IdleCheck.Recheck;
            }

            _deactivationRequested = true;
            _deactivationReason = DeactivationReason.IdleCollection;
            _scheduled = true;
        }

        RunOnThreadPool();
        return IdleCheck.Collected;
    }

    public IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        GrainTimer<TState>.ValidateArguments(options.DueTime, options.Period);
        var timer = new GrainTimer<TState>(this, _catalog.Wheel, callback, state, options.KeepAlive);
        lock (_queue)
        {
            if (_state >= ActivationState.Deactivating)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Change(options.DueTime, options.Period);
        return timer;
    }

    internal void RemoveTimer(IGrainTimer timer)
    {
        lock (_queue)
        {
            _timers?.Remove(timer);
        }
    }

    internal void AcquireKeepAliveTimer() => Interlocked.Increment(ref _keepAliveTimers);

    internal void ReleaseKeepAliveTimer()
    {
        // The last pending keep-alive timer is gone: the activation has been "in use" until now.
        if (Interlocked.Decrement(ref _keepAliveTimers) == 0)
        {
            Volatile.Write(ref _lastUse, _catalog.Time.GetTimestamp());
        }
    }

    private void DisposeTimers()
    {
        List<IGrainTimer>? timers;
        lock (_queue)
        {
            timers = _timers;
            _timers = null;
        }

        if (timers is not null)
        {
            foreach (var timer in timers)
            {
                timer.Dispose();
            }
        }
    }
}
