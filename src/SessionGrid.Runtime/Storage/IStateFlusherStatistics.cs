namespace SessionGrid.Runtime.Storage;

/// <summary>Counters of the silo's state flusher, for health checks, metrics and the dashboard.</summary>
public interface IStateFlusherStatistics
{
    /// <summary>States marked dirty and not yet snapshotted.</summary>
    int DirtyCount { get; }

    /// <summary>Snapshots waiting to be written or being written.</summary>
    int PendingWrites { get; }

    /// <summary><see cref="IGrainStorage.WriteBatchAsync"/> calls that returned.</summary>
    long BatchesWritten { get; }

    /// <summary>Rows written successfully.</summary>
    long RowsWritten { get; }

    /// <summary>Rows that failed transiently (and were kept for a retry).</summary>
    long WriteFailures { get; }

    /// <summary>Rows that found another version in storage; their activations were deactivated.</summary>
    long Conflicts { get; }

    /// <summary>Write-behind snapshots dropped because the pending buffer was full.</summary>
    long ShedWrites { get; }

    /// <summary>When a batch last succeeded; null if none has yet.</summary>
    DateTimeOffset? LastFlushTime { get; }

    /// <summary>True while storage keeps failing: writes are queued and retried, not acknowledged.</summary>
    bool IsDegraded { get; }

    /// <summary>
    /// Completes when the store becomes degraded (already completed while it is): lets a turn that waits
    /// for a write stop waiting as soon as the write is known to be stuck, without a timer.
    /// </summary>
    Task WhenDegraded { get; }
}
