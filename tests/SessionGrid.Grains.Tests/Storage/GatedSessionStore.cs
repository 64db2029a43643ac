using SessionGrid.Grains.Storage;

namespace SessionGrid.Grains.Tests.Storage;

/// <summary>
/// Wraps a store to count round trips and to misbehave on cue: hold the first batch until the test releases
/// it (so writes queue up behind it), or fail every batch like a store that is down.
/// </summary>
internal sealed class GatedSessionStore(ISessionStore inner) : ISessionStore
{
    private readonly TaskCompletionSource _firstEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<int> _batchSizes = [];
    private int _attempts;

    /// <summary>Says it batches write-behind (as PostgreSQL does) whatever the wrapped store says; null passes it on. May change mid-test.</summary>
    public bool? Batches { get; set; }

    public bool BatchesWriteBehind => Batches ?? inner.BatchesWriteBehind;

    /// <summary>Holds the first batch until <see cref="ReleaseFirstBatch"/>.</summary>
    public bool HoldFirstBatch { get; init; }

    public volatile bool Failing;

    /// <summary>Completes when the first batch has reached the store.</summary>
    public Task FirstBatchEntered => _firstEntered.Task;

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<int> BatchSizes
    {
        get
        {
            lock (_batchSizes)
            {
                return [.. _batchSizes];
            }
        }
    }

    public void ReleaseFirstBatch() => _release.TrySetResult();

    public Task<StoredSession?> ReadAsync(string sessionId, CancellationToken cancellationToken) => inner.ReadAsync(sessionId, cancellationToken);

    public async Task WriteBatchAsync(IReadOnlyList<SessionStateWrite> writes, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        lock (_batchSizes)
        {
            _batchSizes.Add(writes.Count);
        }

        if (attempt == 1 && HoldFirstBatch)
        {
            _firstEntered.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
        }

        if (Failing)
        {
            throw new IOException("session store unreachable");
        }

        await inner.WriteBatchAsync(writes, cancellationToken);
    }

    public Task ClearAsync(string sessionId, string? expectedETag, CancellationToken cancellationToken) => inner.ClearAsync(sessionId, expectedETag, cancellationToken);
}
