namespace SessionGrid.Runtime.Storage;

/// <summary>The silo's state flusher: the single writer of every persistent state.</summary>
public interface IStateFlusher
{
    IStateFlusherStatistics Statistics { get; }

    /// <summary>
    /// Snapshots every dirty state and writes everything pending, retrying while storage fails, until
    /// all of it is durable or <paramref name="cancellationToken"/> fires. Returns the rows written
    /// meanwhile (by this call or the background flush).
    /// </summary>
    Task<int> FlushAllAsync(CancellationToken cancellationToken = default);
}
