namespace SessionGrid.Runtime.Storage;

/// <summary>
/// The snapshot turns scheduled by one flush. Completes when every one of them ran or was dropped,
/// so a flush can write all of its snapshots in as few batches as possible.
/// </summary>
internal sealed class SnapshotRound(StateFlusher flusher)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Starts at one for the flusher itself, released by Seal, so the round cannot complete while
    // snapshot turns are still being scheduled.
    private int _outstanding = 1;

    public Task Completion => _done.Task;

    public bool IsComplete => _done.Task.IsCompleted;

    public void Add() => Interlocked.Increment(ref _outstanding);

    public void Seal() => Signal();

    public void Signal()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _done.TrySetResult();
            flusher.Wake();
        }
    }
}
