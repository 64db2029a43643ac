using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// <see cref="IPersistentState{TState}"/> of one activation: loads on activating, writes through the
/// silo <see cref="StateFlusher"/> (the single writer), and writes what is dirty on deactivating.
/// </summary>
internal sealed class PersistentState<TState> : FlushableState, IPersistentState<TState>, IActivationLifecycleParticipant
    where TState : class, new()
{
    private readonly GrainStateCopier _copier;
    private TState _state = new();

    public PersistentState(IGrainContext context, string stateName, IGrainStorage storage, StateFlusher flusher, GrainStateCopier copier)
        : base(context, stateName, storage, flusher)
    {
        _copier = copier;
    }

    public TState State
    {
        get => _state;
        set => _state = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string? Etag => CurrentETag;

    public bool RecordExists => RecordExistsCore;

    public bool IsDirty => IsDirtyCore;

    public override Type StateType => typeof(TState);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // A write still in flight would otherwise land after the read and leave a stale ETag.
            await WaitForPendingWritesAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InconsistentStateException)
        {
            // Reading is how one recovers from a conflict: go on.
        }

        var loaded = new GrainState<TState>();
        await Storage.ReadStateAsync(StateName, Context.GrainId, loaded, cancellationToken).ConfigureAwait(false);
        _state = loaded.State ?? new TState();
        OnLoaded(loaded.ETag, loaded.RecordExists);
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => WriteThroughAsync(cancellationToken);

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfConflicted();

        // The flusher is the single writer: let it finish this state's writes before deleting the row.
        // Nothing new can be queued meanwhile, since snapshots are taken in turns and this is one.
        await WaitForPendingWritesAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var current = new GrainState<TState> { State = _state, ETag = CurrentETag, RecordExists = RecordExistsCore };
        try
        {
            await Storage.ClearStateAsync(StateName, Context.GrainId, current, cancellationToken).ConfigureAwait(false);
        }
        catch (InconsistentStateException ex)
        {
            Flusher.OnClearConflict(this, ex);
            throw;
        }

        _state = current.State ?? new TState();
        OnLoaded(null, recordExists: false);
    }

    protected override object TakeSnapshot() => _copier.Copy(_state);

    Task IActivationLifecycleParticipant.OnActivatingAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    async Task IActivationLifecycleParticipant.OnDeactivatingAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            // After a conflict another activation owns the row: writing again would only conflict again.
            if (reason != DeactivationReason.StateConflict && !IsConflicted && IsDirty)
            {
                await WriteThroughAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            MarkDeactivated();
        }
    }
}
