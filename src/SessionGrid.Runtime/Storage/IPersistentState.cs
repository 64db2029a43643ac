namespace SessionGrid.Runtime.Storage;

/// <summary>
/// Persistent state of a grain, loaded before the activation's first turn. The ETag is the row's
/// integer version; a write whose ETag is stale fails with <see cref="InconsistentStateException"/>
/// and is never retried blindly.
/// </summary>
public interface IPersistentState<TState> where TState : class, new()
{
    TState State { get; set; }

    /// <summary>The stored version as a string; null when no record exists yet.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    /// <summary>True between <see cref="MarkDirty"/> and the flush that wrote the change.</summary>
    bool IsDirty { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Write-through: completes when the provider reports the current state durable.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Write-behind: the silo flusher writes this state, batched with others, within the configured
    /// maximum staleness. Cheap enough for every heartbeat.
    /// </summary>
    void MarkDirty();
}
