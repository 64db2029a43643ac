namespace SessionGrid.Runtime.Storage;

/// <summary>
/// The newest snapshot of one state waiting to be written, with the write-throughs waiting on it.
/// A newer snapshot of the same state replaces <see cref="Snapshot"/> in place: newest wins.
/// </summary>
/// <remarks>Fields are guarded by the <see cref="PendingWriteQueue"/> lock while the entry is queued.</remarks>
internal sealed class PendingWrite(FlushableState state, object snapshot, long sequence)
{
    private List<TaskCompletionSource>? _waiters;

    public FlushableState State { get; } = state;

    public object Snapshot { get; set; } = snapshot;

    /// <summary>The state's snapshot number; marks the state durable up to it once written.</summary>
    public long Sequence { get; set; } = sequence;

    public PendingWrite? Previous { get; set; }

    public PendingWrite? Next { get; set; }

    /// <summary>Somebody awaits this write, so it is never shed.</summary>
    public bool HasWaiters => _waiters is { Count: > 0 };

    public void AddWaiter(TaskCompletionSource waiter) => (_waiters ??= []).Add(waiter);

    /// <summary>Moves the waiters of an older write here: this newer snapshot contains their changes.</summary>
    public void TakeWaitersFrom(PendingWrite older)
    {
        if (older._waiters is { Count: > 0 } waiters)
        {
            (_waiters ??= []).AddRange(waiters);
            waiters.Clear();
        }
    }

    public void Complete()
    {
        if (_waiters is { } waiters)
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult();
            }
        }
    }

    public void Fail(Exception error)
    {
        if (_waiters is { } waiters)
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetException(error);
            }
        }
    }
}
