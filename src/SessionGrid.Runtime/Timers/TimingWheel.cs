using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionGrid.Runtime.Timers;

/// <summary>
/// The silo's one timing wheel: a hashed wheel of <see cref="TimerWheelOptions.SlotCount"/> slots,
/// each an intrusive doubly-linked list of entries, moved on by a single ITimer every
/// <see cref="TimerWheelOptions.Resolution"/>. Every tick processes every slot between the last
/// processed tick and now, so a stalled timer catches up.
/// </summary>
/// <remarks>
/// Why hashed and lazy: a session's timer is pushed later on every heartbeat and almost never fires.
/// Pushing later is a lock-free field write (<see cref="TryPushLater"/>); when the wheel reaches the
/// old slot it moves the entry to its real deadline. A tick therefore costs the entries that fire
/// plus those whose old slot came up since they were pushed, never the number of timers. An entry
/// more than one revolution away waits in its slot and is stepped over once per revolution.
/// Deadlines are rounded up to whole ticks, so nothing fires early.
/// </remarks>
internal sealed class TimingWheel : IDisposable
{
    private readonly object _lock = new();
    private readonly object _processing = new();
    private readonly TimingWheelEntry?[] _slots;
    private readonly long _mask;
    private readonly long _resolution;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly List<TimingWheelEntry> _fired = [];
    private long _processed;
    private int _count;
    private long _firedTotal;
    private long _movedTotal;
    private ITimer? _timer;
    private bool _stopped;

    public TimingWheel(TimeProvider time, IOptions<TimerWheelOptions> options, ILogger<TimingWheel> logger)
    {
        var o = options.Value;
        _time = time;
        _logger = logger;
        _resolution = o.Resolution.Ticks;
        _slots = new TimingWheelEntry?[o.SlotCount];
        _mask = o.SlotCount - 1;
        _origin = time.GetTimestamp();
    }

    public TimeSpan Resolution => TimeSpan.FromTicks(_resolution);

    /// <summary>Entries in the wheel.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Entries fired since start (diagnostics and tests).</summary>
    internal long FiredTotal => Interlocked.Read(ref _firedTotal);

    /// <summary>Entries moved to a later slot since start: the price of lazy pushes (diagnostics and tests).</summary>
    internal long MovedTotal => Interlocked.Read(ref _movedTotal);

    /// <summary>The last tick whose slot has been processed.</summary>
    internal long ProcessedTick => Interlocked.Read(ref _processed);

    internal ILogger Logger => _logger;

    /// <summary>The lock that owners take to change an entry's state together with the wheel.</summary>
    internal object SyncRoot => _lock;

    /// <summary>The tick now falls in (rounded down).</summary>
    internal long CurrentTick => _time.GetElapsedTime(_origin).Ticks / _resolution;

    public void Start()
    {
        lock (_lock)
        {
            if (_timer is null && !_stopped)
            {
                _timer = _time.CreateTimer(static s => ((TimingWheel)s!).OnTimer(), this, UntilNextTick(), Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose() => Stop();

    /// <summary>The tick on which something due <paramref name="delay"/> from now must fire: rounded up, never early.</summary>
    internal long DueTickAfter(TimeSpan delay)
    {
        var now = _time.GetElapsedTime(_origin).Ticks;
        var due = delay.Ticks > long.MaxValue - now ? long.MaxValue : now + delay.Ticks;
        return (due / _resolution) + (due % _resolution == 0 ? 0 : 1);
    }

    /// <summary>Arms an entry that is not in the wheel.</summary>
    internal void Schedule(TimingWheelEntry entry, long dueTick)
    {
        lock (_lock)
        {
            if (entry.State == TimingWheelEntry.Armed)
            {
                Unlink(entry);
                _count--;
            }

            Volatile.Write(ref entry.DueTick, dueTick);
            Link(entry, Math.Max(dueTick, _processed + 1));
            Volatile.Write(ref entry.State, TimingWheelEntry.Armed);
            _count++;
        }
    }

    /// <summary>Takes an armed entry out of the wheel; false when it was not armed.</summary>
    internal bool Remove(TimingWheelEntry entry)
    {
        lock (_lock)
        {
            if (entry.State != TimingWheelEntry.Armed)
            {
                return false;
            }

            Unlink(entry);
            Volatile.Write(ref entry.State, TimingWheelEntry.Idle);
            _count--;
            return true;
        }
    }

    /// <summary>
    /// Moves an armed entry's deadline to <paramref name="dueTick"/> without the lock, when that is not
    /// earlier than the slot it sits in; the wheel re-slots it when it reaches that slot. False means
    /// the caller must take the slow path (<see cref="Schedule"/> under <see cref="SyncRoot"/>).
    /// </summary>
    internal static bool TryPushLater(TimingWheelEntry entry, long dueTick)
    {
        if (Volatile.Read(ref entry.State) != TimingWheelEntry.Armed || dueTick < Volatile.Read(ref entry.SlotTick))
        {
            return false;
        }

        // Full fence, paired with the wheel's fence between moving or firing an entry and re-reading
        // DueTick: either the wheel sees this deadline, or we see its move and fall back to the lock.
        Interlocked.Exchange(ref entry.DueTick, dueTick);
        return Volatile.Read(ref entry.State) == TimingWheelEntry.Armed && Volatile.Read(ref entry.SlotTick) <= dueTick;
    }

    /// <summary>Processes every slot up to the current time. The ITimer calls it; tests may too.</summary>
    internal void ProcessDue() => Process(CurrentTick);

    /// <summary>Processes every slot up to <paramref name="target"/>, then fires what came due.</summary>
    internal void Process(long target)
    {
        lock (_processing)
        {
            lock (_lock)
            {
                var from = _processed;
                if (target <= from)
                {
                    return;
                }

                if (target - from >= _slots.Length)
                {
                    // A stall longer than a revolution: one pass over all slots, everything due by now fires.
                    for (var index = 0; index < _slots.Length; index++)
                    {
                        ProcessSlot(index, target);
                    }
                }
                else
                {
                    for (var tick = from + 1; tick <= target; tick++)
                    {
                        ProcessSlot((int)(tick & _mask), tick);
                    }
                }

                Interlocked.Exchange(ref _processed, target);
            }

            // Outside the wheel lock: firing queues turns, which takes activation locks.
            foreach (var entry in _fired)
            {
                try
                {
                    entry.OnFired();
                }
                catch (Exception e)
                {
                    TimerLog.EntryFailed(_logger, entry.GetType().Name, e);
                }
            }

            _fired.Clear();
        }
    }

    private void OnTimer()
    {
        try
        {
            ProcessDue();
        }
        finally
        {
            // One-shot and re-armed each time, aimed at the next tick boundary: no overlapping
            // callbacks, and no drift between the ITimer and the wheel's own clock.
            lock (_lock)
            {
                _timer?.Change(UntilNextTick(), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private TimeSpan UntilNextTick()
    {
        var elapsed = _time.GetElapsedTime(_origin).Ticks;
        return TimeSpan.FromTicks(((elapsed / _resolution) + 1) * _resolution - elapsed);
    }

    private void ProcessSlot(int index, long tick)
    {
        // Detach the whole list: entries re-linked into this same slot (a later revolution) go to the
        // new list and are not seen twice in one pass.
        var entry = _slots[index];
        _slots[index] = null;
        while (entry is not null)
        {
            var next = entry.Next;
            entry.Next = entry.Prev = null;
            Visit(entry, tick);
            entry = next;
        }
    }

    private void Visit(TimingWheelEntry entry, long tick)
    {
        while (true)
        {
            var due = Volatile.Read(ref entry.DueTick);
            if (due > tick)
            {
                // Pushed later, or a later revolution: link at the real deadline. A racing push may
                // have set an earlier deadline than the one we read (but not earlier than the old
                // slot); if so, go round again.
                if (due != Volatile.Read(ref entry.SlotTick))
                {
                    _movedTotal++;
                }

                Link(entry, due);
                if (Volatile.Read(ref entry.DueTick) >= due)
                {
                    return;
                }

                Unlink(entry);
                continue;
            }

            Interlocked.Exchange(ref entry.State, TimingWheelEntry.Fired);
            if (Volatile.Read(ref entry.DueTick) > tick)
            {
                // A push landed between our read and the state change: honour it.
                Volatile.Write(ref entry.State, TimingWheelEntry.Armed);
                continue;
            }

            _count--;
            _firedTotal++;
            _fired.Add(entry);
            return;
        }
    }

    private void Link(TimingWheelEntry entry, long slotTick)
    {
        // Full fence before the caller re-reads DueTick (see TryPushLater).
        Interlocked.Exchange(ref entry.SlotTick, slotTick);
        var index = (int)(slotTick & _mask);
        var head = _slots[index];
        entry.Prev = null;
        entry.Next = head;
        if (head is not null)
        {
            head.Prev = entry;
        }

        _slots[index] = entry;
    }

    private void Unlink(TimingWheelEntry entry)
    {
        var index = (int)(entry.SlotTick & _mask);
        if (entry.Prev is { } prev)
        {
            prev.Next = entry.Next;
        }
        else
        {
            _slots[index] = entry.Next;
        }

        if (entry.Next is { } next)
        {
            next.Prev = entry.Prev;
        }

        entry.Next = entry.Prev = null;
    }
}
