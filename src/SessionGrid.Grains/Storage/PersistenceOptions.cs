namespace SessionGrid.Grains.Storage;

/// <summary>How session state reaches the store: the "sessions" provider's batches and the grains' write-behind.</summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "Persistence";

    /// <summary>
    /// Longest time a heartbeat's counters wait before the session grain writes them (transitions are
    /// written at once). A heartbeat that comes at least this long after the session's last write is
    /// written at once (behind, see <see cref="WriteBehindWindow"/>); one that comes sooner waits for a
    /// flush this long after it, which writes every change made meanwhile. Default 5 seconds.
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With a store that batches (PostgreSQL), how long the "sessions" provider may hold write-behind rows
    /// so that many sessions' heartbeats share one round trip; a transition's write sends them at once.
    /// At most <see cref="MaxStaleness"/>. Default 250 milliseconds.
    /// </summary>
    public TimeSpan WriteBehindWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most rows in one batched round trip. Default 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// Most writes waiting for the store (while it is slow or down). Past it counter updates are shed
    /// (the session stays dirty and is written later); transitions never are. Default 1,000,000.
    /// </summary>
    public int MaxPendingWrites { get; set; } = 1_000_000;

    /// <summary>First wait before retrying after a failed batch; doubles per failure. Default 250 milliseconds.</summary>
    public TimeSpan RetryBackoffInitial { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the retry wait while storage keeps failing. Default 10 seconds.</summary>
    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromSeconds(10);
}
