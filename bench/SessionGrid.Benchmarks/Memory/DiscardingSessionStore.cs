using SessionGrid.Grains.Storage;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>
/// A session store that keeps nothing, so a memory measurement sees the grain alone: a PostgreSQL silo
/// keeps its rows in the database, not in the silo. Every session reads as new and every write succeeds.
/// </summary>
internal sealed class DiscardingSessionStore : ISessionStore
{
    // One version for every write: nothing is kept to conflict with, and a constant allocates nothing.
    private const string Version = "1";

    private long _rows;

    /// <summary>Stands for PostgreSQL, so the provider holds write-behind as it does there.</summary>
    public bool BatchesWriteBehind => true;

    /// <summary>Rows the store was asked to write (and dropped).</summary>
    public long Rows => Interlocked.Read(ref _rows);

    public Task<StoredSession?> ReadAsync(string sessionId, CancellationToken cancellationToken) => Task.FromResult<StoredSession?>(null);

    public Task WriteBatchAsync(IReadOnlyList<SessionStateWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            write.SetResult(Version);
        }

        Interlocked.Add(ref _rows, writes.Count);
        return Task.CompletedTask;
    }

    public Task ClearAsync(string sessionId, string? expectedETag, CancellationToken cancellationToken) => Task.CompletedTask;
}
