using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>
/// A store that keeps nothing, so a memory measurement sees the grain alone: a PostgreSQL silo keeps
/// its rows in the database, not in the silo. Every record reads as missing and every write succeeds.
/// </summary>
internal sealed class DiscardingGrainStorage : IGrainStorage
{
    // One version for every write: nothing is kept to conflict with, and a constant allocates nothing.
    private const string Version = "1";

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
        => Missing(grainState);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
    {
        grainState.ETag = Version;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
        => Missing(grainState);

    public Task WriteBatchAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            write.SetResult(Version);
        }

        return Task.CompletedTask;
    }

    private static Task Missing<TState>(IGrainState<TState> grainState)
        where TState : class, new()
    {
        grainState.State = new TState();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
