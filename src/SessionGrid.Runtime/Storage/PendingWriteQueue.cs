namespace SessionGrid.Runtime.Storage;

/// <summary>
/// Snapshots waiting to be written, oldest first, at most one queued and one in flight per state.
/// Bounded: past the capacity the oldest write-behind snapshots are shed; write-throughs never are.
/// </summary>
internal sealed class PendingWriteQueue(int capacity)
{
    private readonly object _lock = new();
    private PendingWrite? _head;
    private PendingWrite? _tail;
    private int _queued;
    private int _inFlight;
    private long _shed;
    private bool _hasDriver;

    public int QueuedCount => Volatile.Read(ref _queued);

    public int Count => Volatile.Read(ref _queued) + Volatile.Read(ref _inFlight);

    public long ShedCount => Interlocked.Read(ref _shed);

    /// <summary>Whether a background loop writes what is queued; checked under the same lock as enqueuing.</summary>
    public void SetHasDriver(bool hasDriver)
    {
        lock (_lock)
        {
            _hasDriver = hasDriver;
        }
    }

    /// <summary>
    /// Queues <paramref name="snapshot"/>, replacing a queued older one of the same state. Returns whether
    /// a background loop will write it; if not, the caller has to drive the writing.
    /// </summary>
    public bool Enqueue(FlushableState state, object snapshot, long sequence, TaskCompletionSource? waiter, out int shed)
    {
        shed = 0;
        lock (_lock)
        {
            var entry = state.Queued;
            if (entry is null)
            {
                entry = new PendingWrite(state, snapshot, sequence);
                Append(entry);
                state.Queued = entry;
                _queued++;
            }
            else
            {
                entry.Snapshot = snapshot;
                entry.Sequence = sequence;
            }

            if (waiter is not null)
            {
                entry.AddWaiter(waiter);
            }

            while (_queued > capacity && ShedOldestWriteBehind())
            {
                shed++;
            }

            return _hasDriver;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> of the oldest entries in flight.</summary>
    public int TakeBatch(List<PendingWrite> batch, int max)
    {
        lock (_lock)
        {
            var taken = 0;
            while (taken < max && _head is { } entry)
            {
                Unlink(entry);
                entry.State.Queued = null;
                entry.State.InFlight = entry;
                batch.Add(entry);
                taken++;
            }

            _queued -= taken;
            _inFlight += taken;
            return taken;
        }
    }

    /// <summary>An in-flight entry is done (written or conflicted): no more waiters can join it.</summary>
    public void Detach(PendingWrite entry)
    {
        lock (_lock)
        {
            if (entry.State.InFlight == entry)
            {
                entry.State.InFlight = null;
            }

            _inFlight--;
        }
    }

    /// <summary>
    /// Puts failed in-flight entries back at the head, in their order. Where a newer snapshot of the
    /// state was queued meanwhile, that one wins and inherits the waiters.
    /// </summary>
    public void Requeue(List<PendingWrite> failed)
    {
        lock (_lock)
        {
            for (var i = failed.Count - 1; i >= 0; i--)
            {
                var entry = failed[i];
                var state = entry.State;
                if (state.InFlight == entry)
                {
                    state.InFlight = null;
                }

                _inFlight--;
                if (state.Queued is { } newer)
                {
                    newer.TakeWaitersFrom(entry);
                    continue;
                }

                Prepend(entry);
                state.Queued = entry;
                _queued++;
            }
        }
    }

    /// <summary>Removes the queued entry of <paramref name="state"/>, if any, and returns it.</summary>
    public PendingWrite? RemoveQueued(FlushableState state)
    {
        lock (_lock)
        {
            if (state.Queued is not { } entry)
            {
                return null;
            }

            Unlink(entry);
            state.Queued = null;
            _queued--;
            return entry;
        }
    }

    /// <summary>
    /// A task that completes when what is queued or in flight for the state is written; null if nothing
    /// is. <paramref name="driven"/> tells whether a background loop will write it.
    /// </summary>
    public Task? WhenWritten(FlushableState state, out bool driven)
    {
        lock (_lock)
        {
            driven = _hasDriver;
            if ((state.Queued ?? state.InFlight) is not { } entry)
            {
                return null;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            entry.AddWaiter(waiter);
            return waiter.Task;
        }
    }

    private bool ShedOldestWriteBehind()
    {
        for (var entry = _head; entry is not null; entry = entry.Next)
        {
            if (!entry.HasWaiters)
            {
                Unlink(entry);
                entry.State.Queued = null;
                _queued--;
                _shed++;
                return true;
            }
        }

        return false;
    }

    private void Append(PendingWrite entry)
    {
        entry.Previous = _tail;
        entry.Next = null;
        if (_tail is null)
        {
            _head = entry;
        }
        else
        {
            _tail.Next = entry;
        }

        _tail = entry;
    }

    private void Prepend(PendingWrite entry)
    {
        entry.Previous = null;
        entry.Next = _head;
        if (_head is null)
        {
            _tail = entry;
        }
        else
        {
            _head.Previous = entry;
        }

        _head = entry;
    }

    private void Unlink(PendingWrite entry)
    {
        if (entry.Previous is null)
        {
            _head = entry.Next;
        }
        else
        {
            entry.Previous.Next = entry.Next;
        }

        if (entry.Next is null)
        {
            _tail = entry.Previous;
        }
        else
        {
            entry.Next.Previous = entry.Previous;
        }

        entry.Previous = null;
        entry.Next = null;
    }
}
