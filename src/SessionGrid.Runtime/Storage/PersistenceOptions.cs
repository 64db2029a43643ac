namespace SessionGrid.Runtime.Storage;

/// <summary>How the silo's state flusher writes grain state.</summary>
public sealed class PersistenceOptions
{
    /// <summary>
    /// Longest time a change marked with <see cref="IPersistentState{TState}.MarkDirty"/> waits before the
    /// flusher snapshots it for writing. Default 5 seconds.
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most rows in one <see cref="IGrainStorage.WriteBatchAsync"/> call. Default 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// Most snapshots waiting to be written (while storage is slow or down). Past it the oldest
    /// write-behind snapshots are shed and counted; write-throughs are never shed. Default 1,000,000.
    /// </summary>
    public int MaxPendingWrites { get; set; } = 1_000_000;

    /// <summary>First wait before retrying after a failed batch; doubles per failure. Default 250 milliseconds.</summary>
    public TimeSpan RetryBackoffInitial { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the retry wait while storage keeps failing. Default 10 seconds.</summary>
    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a flush waits for busy activations to take their snapshots before writing the ones it
    /// has; late snapshots go in a later batch. Default 1 second.
    /// </summary>
    public TimeSpan SnapshotTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
