using Microsoft.Extensions.DependencyInjection;

namespace SessionGrid.Runtime.Core;

/// <summary>
/// One activation of a grain: its mailbox, its lifecycle and the context handed to the grain and to
/// everything attached to it. It runs itself on the thread pool, one turn at a time (see the
/// Mailbox part), and never holds its lock while calling out.
/// </summary>
internal sealed partial class ActivationData : IGrainContext
{
    private readonly GrainCatalog _catalog;
    private readonly GrainClassInfo _grainClass;

    // The mailbox; also the lock for the fields below it.
    private readonly Queue<IGrainWorkItem> _queue = new();
    private ActivationState _state;
    private bool _scheduled;
    private bool _deactivationRequested;
    private DeactivationReason _deactivationReason;
    private bool _keepAlive;
    private List<IActivationLifecycleParticipant>? _participants;
    private TaskCompletionSource? _deactivated;

    private Grain? _grain;
    private IServiceScope? _scope;

    public ActivationData(GrainCatalog catalog, GrainId grainId, GrainClassInfo grainClass)
    {
        _catalog = catalog;
        _grainClass = grainClass;
        GrainId = grainId;
        _lastUse = catalog.Time.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public object? GrainInstance => _grain;

    public IServiceProvider ActivationServices => _scope?.ServiceProvider ?? _catalog.Services;

    internal ActivationState State
    {
        get
        {
            lock (_queue)
            {
                return _state;
            }
        }
    }

    internal bool IsDeactivationRequested
    {
        get
        {
            lock (_queue)
            {
                return _deactivationRequested;
            }
        }
    }

    /// <summary>Work items waiting in the mailbox (not counting the running one).</summary>
    internal int QueuedCount
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Completes when this activation is invalid and out of the catalog.</summary>
    internal Task WhenDeactivated
    {
        get
        {
            lock (_queue)
            {
                return _state == ActivationState.Invalid
                    ? Task.CompletedTask
                    : (_deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    public void DeactivateOnIdle() => Deactivate(DeactivationReason.ApplicationRequested);

    public void Deactivate(DeactivationReason reason)
    {
        lock (_queue)
        {
            if (_deactivationRequested || _state >= ActivationState.Deactivating)
            {
                return;
            }

            _deactivationRequested = true;
            _deactivationReason = reason;
            if (!TryMarkScheduled())
            {
                return;
            }
        }

        RunOnThreadPool();
    }

    public void AddLifecycleParticipant(IActivationLifecycleParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        lock (_queue)
        {
            if (_state >= ActivationState.Deactivating)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; lifecycle participants are added while the grain is constructed.");
            }

            (_participants ??= []).Add(participant);
        }
    }

    public void SetKeepAlive(bool keepAlive)
    {
        bool track;
        lock (_queue)
        {
            if (_keepAlive == keepAlive)
            {
                return;
            }

            _keepAlive = keepAlive;
            track = _state == ActivationState.Valid && !_deactivationRequested;
        }

        // Kept-alive activations are not in the collector at all, so they cost it nothing.
        if (keepAlive)
        {
            _catalog.Collector.Untrack(this);
        }
        else
        {
            Volatile.Write(ref _lastUse, _catalog.Time.GetTimestamp());
            if (track)
            {
                _catalog.Collector.Track(this);
            }
        }
    }

    public override string ToString() => $"activation {GrainId}";

    private IActivationLifecycleParticipant? GetParticipant(int index)
    {
        lock (_queue)
        {
            return _participants is { } participants && index < participants.Count ? participants[index] : null;
        }
    }
}
