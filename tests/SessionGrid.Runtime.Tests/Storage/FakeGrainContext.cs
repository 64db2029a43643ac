using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Timers;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>
/// A stand-in activation: runs scheduled turns inline (or holds them until <see cref="RunQueuedAsync"/>),
/// drops them once "gone", and records deactivation requests.
/// </summary>
internal sealed class FakeGrainContext(GrainId grainId, bool runInline = true) : IGrainContext
{
    private readonly object _lock = new();
    private readonly Queue<IGrainWorkItem> _queued = new();
    private readonly TaskCompletionSource<DeactivationReason> _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeGrainContext(string key, bool runInline = true)
        : this(new GrainId("test", key), runInline)
    {
    }

    public GrainId GrainId { get; } = grainId;

    public object? GrainInstance => null;

    public IServiceProvider ActivationServices { get; } = new ServiceCollection().BuildServiceProvider();

    public List<IActivationLifecycleParticipant> Participants { get; } = [];

    /// <summary>Once set, scheduled turns are dropped, as for a deactivated activation.</summary>
    public bool IsGone { get; set; }

    public Task<DeactivationReason> Deactivated => _deactivated.Task;

    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _queued.Count;
            }
        }
    }

    public void ScheduleTurn(IGrainWorkItem item)
    {
        if (IsGone)
        {
            item.OnDropped(new InvalidOperationException($"{GrainId} is deactivated."));
            return;
        }

        if (runInline)
        {
            var turn = item.ExecuteAsync(this);
            if (!turn.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The fake runs only synchronous turns inline.");
            }

            return;
        }

        lock (_lock)
        {
            _queued.Enqueue(item);
        }
    }

    public async Task RunQueuedAsync()
    {
        while (true)
        {
            IGrainWorkItem? item;
            lock (_lock)
            {
                if (!_queued.TryDequeue(out item))
                {
                    return;
                }
            }

            await item.ExecuteAsync(this);
        }
    }

    public void DeactivateOnIdle() => Deactivate(DeactivationReason.ApplicationRequested);

    public void Deactivate(DeactivationReason reason) => _deactivated.TrySetResult(reason);

    public void AddLifecycleParticipant(IActivationLifecycleParticipant participant) => Participants.Add(participant);

    public void SetKeepAlive(bool keepAlive)
    {
    }

    public IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
        => throw new NotSupportedException();

    public async Task ActivateAsync()
    {
        foreach (var participant in Participants)
        {
            await participant.OnActivatingAsync(CancellationToken.None);
        }
    }

    public async Task DeactivateAsync(DeactivationReason reason)
    {
        foreach (var participant in Participants)
        {
            await participant.OnDeactivatingAsync(reason, CancellationToken.None);
        }

        IsGone = true;
    }
}
