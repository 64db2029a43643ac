using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// The part of a persistent state the <see cref="StateFlusher"/> works with, free of the state type.
/// It is also the flusher's snapshot work item: a state is in the dirty set at most once, so it can
/// schedule itself as a turn of its activation without allocating.
/// </summary>
internal abstract class FlushableState : IGrainWorkItem
{
    private readonly StateFlusher _flusher;

    // Written by the flusher when a write lands, read by the grain: volatile.
    private volatile string? _etag;
    private volatile bool _recordExists;
    private volatile bool _conflicted;
    private volatile bool _deactivated;
    private long _durableSequence;

    // Touched only inside turns of the activation, which never overlap.
    private bool _inDirtySet;
    private bool _changed;
    private long _snapshotSequence;
    private SnapshotRound? _round;

    protected FlushableState(IGrainContext context, string stateName, IGrainStorage storage, StateFlusher flusher)
    {
        Context = context;
        StateName = stateName;
        Storage = storage;
        _flusher = flusher;
    }

    public IGrainContext Context { get; }

    public string StateName { get; }

    public IGrainStorage Storage { get; }

    /// <summary>The declared state type, which providers serialize snapshots as.</summary>
    public abstract Type StateType { get; }

    /// <summary>The version the next write expects.</summary>
    public string? CurrentETag => _etag;

    public bool IsConflicted => _conflicted;

    public bool IsDeactivated => _deactivated;

    /// <summary>The queued write of this state; guarded by the <see cref="PendingWriteQueue"/> lock.</summary>
    internal PendingWrite? Queued { get; set; }

    /// <summary>The write of this state being written; guarded by the <see cref="PendingWriteQueue"/> lock.</summary>
    internal PendingWrite? InFlight { get; set; }

    protected bool RecordExistsCore => _recordExists;

    /// <summary>Changes not yet snapshotted, or snapshots not yet durable (queued, failing or shed).</summary>
    protected bool IsDirtyCore => _changed || Volatile.Read(ref _durableSequence) < _snapshotSequence;

    protected StateFlusher Flusher => _flusher;

    /// <summary>Deep copy of the live state; runs inside a turn.</summary>
    protected abstract object TakeSnapshot();

    public void MarkDirty()
    {
        // The heartbeat path: when already queued this is two field accesses and no allocation.
        _changed = true;
        if (_inDirtySet || _conflicted || _deactivated)
        {
            return;
        }

        _inDirtySet = true;
        _flusher.EnqueueDirty(this);
    }

    /// <summary>Snapshots now, inside the caller's turn, and completes once the flusher has written it.</summary>
    protected Task WriteThroughAsync(CancellationToken cancellationToken)
    {
        ThrowIfConflicted();
        var snapshot = TakeSnapshot();
        _changed = false;
        var written = _flusher.EnqueueWriteThrough(this, snapshot, ++_snapshotSequence);

        // Giving up waiting does not withdraw the write: it stays queued until durable.
        return cancellationToken.CanBeCanceled ? written.WaitAsync(cancellationToken) : written;
    }

    /// <summary>Waits until nothing of this state is queued or being written.</summary>
    protected Task WaitForPendingWritesAsync() => _flusher.WhenWritten(this) ?? Task.CompletedTask;

    /// <summary>The state now equals what storage holds (after a read or a clear).</summary>
    protected void OnLoaded(string? etag, bool recordExists)
    {
        _etag = etag;
        _recordExists = recordExists;
        _changed = false;
        Volatile.Write(ref _durableSequence, _snapshotSequence);
    }

    protected void MarkDeactivated() => _deactivated = true;

    protected void ThrowIfConflicted()
    {
        if (_conflicted)
        {
            throw new InconsistentStateException(
                $"State '{StateName}' of {Context.GrainId} lost a version conflict; the activation is being deactivated.",
                storedEtag: null,
                currentEtag: _etag);
        }
    }

    internal void ScheduleSnapshot(SnapshotRound round)
    {
        _round = round;
        try
        {
            Context.ScheduleTurn(this);
        }
        catch (Exception)
        {
            // The activation is gone: its deactivation already wrote the state.
            _round = null;
            round.Signal();
        }
    }

    internal void OnWritten(string etag, long sequence)
    {
        _etag = etag;
        _recordExists = true;
        Volatile.Write(ref _durableSequence, sequence);
    }

    internal void OnConflict() => _conflicted = true;

    ValueTask IGrainWorkItem.ExecuteAsync(IGrainContext context)
    {
        var round = _round;
        _round = null;
        _inDirtySet = false;
        try
        {
            if (_changed && !_conflicted && !_deactivated)
            {
                var snapshot = TakeSnapshot();
                _changed = false;
                _flusher.EnqueueWriteBehind(this, snapshot, ++_snapshotSequence);
            }
        }
        catch (Exception ex)
        {
            // Left dirty: the next MarkDirty queues it again, and deactivation reports the error.
            _flusher.OnSnapshotFailed(this, ex);
        }
        finally
        {
            round?.Signal();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>How the runtime names this work item in its logs (long turns, failures).</summary>
    public override string ToString() => $"snapshot of state '{StateName}'";

    void IGrainWorkItem.OnDropped(Exception reason)
    {
        var round = _round;
        _round = null;
        _inDirtySet = false;
        round?.Signal();
    }
}
