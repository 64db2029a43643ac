using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>
/// A real <see cref="MemoryGrainStorage"/> behind switches a test controls: count batch calls, hold a
/// batch until released, or fail like a database that is down.
/// </summary>
internal sealed class CountingGrainStorage : IGrainStorage
{
    private readonly object _lock = new();
    private readonly List<int> _batchSizes = [];
    private TaskCompletionSource? _gate;

    public MemoryGrainStorage Inner { get; } = new();

    /// <summary>Batch calls started (counted before blocking or failing).</summary>
    public AwaitableCounter BatchCalls { get; } = new();

    /// <summary>Batch calls that threw because <see cref="Failing"/> was set.</summary>
    public AwaitableCounter FailedBatches { get; } = new();

    /// <summary>Rows the inner storage wrote.</summary>
    public AwaitableCounter RowsWritten { get; } = new();

    public volatile bool Failing;

    public IReadOnlyList<int> BatchSizes
    {
        get
        {
            lock (_lock)
            {
                return [.. _batchSizes];
            }
        }
    }

    /// <summary>Holds every batch call until <see cref="Release"/>.</summary>
    public void Block()
    {
        lock (_lock)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _gate?.TrySetResult();
            _gate = null;
        }
    }

    public TestState? Stored(string stateName, GrainId grainId)
        => Inner.Snapshot(stateName).Where(p => p.Key == grainId).Select(p => (TestState)p.Value).SingleOrDefault();

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
        => Inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
        => Inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
        => Inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    public async Task WriteBatchAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        Task? gate;
        lock (_lock)
        {
            _batchSizes.Add(writes.Count);
            gate = _gate?.Task;
        }

        BatchCalls.Add();
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (Failing)
        {
            FailedBatches.Add();
            throw new IOException("Storage is down.");
        }

        await Inner.WriteBatchAsync(writes, cancellationToken);
        RowsWritten.Add(writes.Count(w => w.NewETag is not null));
    }
}
