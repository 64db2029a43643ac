using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// A grain state provider. Providers are keyed singletons (<see cref="GrainStorageNames.Default"/> unless
/// a <see cref="PersistentStateAttribute"/> names another). Every write is conditional on the ETag, the
/// row's integer version as a string ("1", "2", ...): a stale ETag fails with
/// <see cref="InconsistentStateException"/> and is never retried by the provider.
/// </summary>
/// <remarks>
/// The silo's <c>StateFlusher</c> is the only caller that writes, and it never has two writes of the same
/// state in flight, so providers need no per-row locking beyond the conditional update itself.
/// </remarks>
public interface IGrainStorage
{
    /// <summary>
    /// Loads the state into <paramref name="grainState"/>. A missing record sets a new
    /// <typeparamref name="TState"/>, a null ETag and <see cref="IGrainState{TState}.RecordExists"/> false.
    /// </summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new();

    /// <summary>
    /// Writes the state if the stored version equals <see cref="IGrainState{TState}.ETag"/> (null: only if
    /// no record exists), then sets the new ETag and <see cref="IGrainState{TState}.RecordExists"/>.
    /// </summary>
    /// <exception cref="InconsistentStateException">The stored version is another one.</exception>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new();

    /// <summary>
    /// Deletes the record if the stored version equals the ETag, then resets the state to a new
    /// <typeparamref name="TState"/> with a null ETag. Clearing a missing record with a null ETag succeeds.
    /// </summary>
    /// <exception cref="InconsistentStateException">The stored version is another one.</exception>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new();

    /// <summary>
    /// Writes many states in one round trip. Each entry succeeds or fails on its own: the provider calls
    /// <see cref="GrainStateWrite.SetResult"/> or <see cref="GrainStateWrite.SetError"/> on every entry
    /// (an <see cref="InconsistentStateException"/> for a version conflict). Throwing instead means the
    /// whole batch failed transiently and every entry is retried. The snapshots belong to the provider
    /// from this call on, so it may keep them without copying.
    /// </summary>
    Task WriteBatchAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken);
}
