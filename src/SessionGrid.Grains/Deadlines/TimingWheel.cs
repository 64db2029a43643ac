using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionGrid.Grains.Deadlines;

/// <summary>
/// The silo's one timing wheel, moved on by a single ITimer every <see cref="TimerWheelOptions.Resolution"/>.
/// Two levels: an inner ring of <see cref="TimerWheelOptions.SlotCount"/> one-tick slots, and an outer
/// ring of <see cref="OuterSlotCount"/> slots of one inner revolution each, whose entries cascade into
/// the inner ring when their revolution starts. Slots are intrusive doubly-linked lists. Every tick
/// processes every slot between the last processed tick and now, so a stalled timer catches up.
/// </summary>
/// <remarks>
/// Why lazy: a session's timer is pushed later on every heartbeat and almost never fires. Pushing
/// later is a lock-free field write (<see cref="TryPushLater"/>): an entry is only ever looked at on
/// its slot's tick (<see cref="TimingWheelEntry.SlotTick"/>), never after its deadline, so a deadline
/// at or after that tick needs no move; when the wheel reaches the slot it re-slots the entry by its
/// real deadline. A tick therefore costs the entries that fire, the entries whose stale slot came
/// up, and once per revolution the cascade of one outer slot; never the number of timers. Only
/// entries more than <see cref="OuterSlotCount"/> revolutions away (12 days at the defaults) are
/// stepped over, once per outer revolution. Deadlines are rounded up to whole ticks: nothing fires early.
/// </remarks>
public sealed partial class TimingWheel : IDisposable
{
    /// <summary>Outer ring size: revolutions of the inner ring an entry can wait without being stepped over.</summary>
    internal const int OuterSlotCount = 256;

    private readonly object _lock = new();
    private readonly object _processing = new();
    private readonly TimingWheelEntry?[] _slots;
    private readonly TimingWheelEntry?[] _outer = new TimingWheelEntry?[OuterSlotCount];
    private readonly long _mask;
    private readonly int _shift;
    private readonly long _resolution;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly List<TimingWheelEntry> _fired = [];
    private long _processed;
    private int _count;
    private long _firedTotal;
    private long _movedTotal;
    private int _heldDeadlines;
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
        _shift = System.Numerics.BitOperations.Log2((uint)o.SlotCount);
        _origin = time.GetTimestamp();
    }

    public TimeSpan Resolution => TimeSpan.FromTicks(_resolution);

    /// <summary>Entries in the wheel.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Entries fired since start (diagnostics and tests).</summary>
    internal long FiredTotal => Interlocked.Read(ref _firedTotal);

    /// <summary>Entries re-slotted since start: lazy pushes whose stale slot came up, and cascades (diagnostics and tests).</summary>
    internal long MovedTotal => Interlocked.Read(ref _movedTotal);

    /// <summary>
    /// <see cref="SessionDeadline"/>s made on this wheel and not yet disposed, armed or not: the entries
    /// activations hold (diagnostics and tests).
    /// </summary>
    internal int HeldDeadlines => Volatile.Read(ref _heldDeadlines);

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

    internal void DeadlineMade() => Interlocked.Increment(ref _heldDeadlines);

    internal void DeadlineDisposed() => Interlocked.Decrement(ref _heldDeadlines);

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
            Place(entry, dueTick, _processed);
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
                    // A stall longer than a revolution: one pass over every slot of both rings (outer
                    // first, it cascades inwards), and everything due by now fires.
                    for (var index = 0; index < _outer.Length; index++)
                    {
                        ProcessSlot(_outer, index, target);
                    }

                    for (var index = 0; index < _slots.Length; index++)
                    {
                        ProcessSlot(_slots, index, target);
                    }
                }
                else
                {
                    for (var tick = from + 1; tick <= target; tick++)
                    {
                        if ((tick & _mask) == 0)
                        {
                            // A revolution starts: its outer slot cascades into the inner ring first.
                            ProcessSlot(_outer, (int)((tick >> _shift) & (OuterSlotCount - 1)), tick);
                        }

                        ProcessSlot(_slots, (int)(tick & _mask), tick);
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
                    DeadlineLog.EntryFailed(_logger, entry.GetType().Name, e);
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
}
