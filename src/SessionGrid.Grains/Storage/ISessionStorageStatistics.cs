namespace SessionGrid.Grains.Storage;

/// <summary>Counters of the "sessions" provider, for health checks, metrics and the dashboard.</summary>
public interface ISessionStorageStatistics
{
    /// <summary>Writes queued or being written.</summary>
    int PendingWrites { get; }

    /// <summary>Batched round trips made (successful or not).</summary>
    long BatchesWritten { get; }

    /// <summary>Rows written successfully.</summary>
    long RowsWritten { get; }

    /// <summary>Rows that failed transiently (and were kept for a retry).</summary>
    long WriteFailures { get; }

    /// <summary>Rows that found another version in storage; their activations were fenced out.</summary>
    long Conflicts { get; }

    /// <summary>Counter updates not queued because the pending buffer was full (the sessions stay dirty).</summary>
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
