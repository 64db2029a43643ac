using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Timers;

namespace SessionGrid.Runtime.Core;

/// <summary>
/// The silo's activations, by grain id. An activation is created by the first call that finds none
/// and removed when it becomes invalid; it also carries the services every activation shares.
/// </summary>
/// <remarks>
/// Self-calls: a grain that calls itself through a reference and awaits the call deadlocks, because
/// turns are non-reentrant. The catalog notices it when the call is made while the grain's turn runs
/// synchronously on the current thread (a thread-static, no AsyncLocal on the hot path) and logs a
/// warning; after an await inside the turn it cannot tell. The call itself is still queued: a
/// fire-and-forget self-call is legal and runs after the current turn.
/// </remarks>
internal sealed class GrainCatalog : IGrainCatalogStatistics
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainTypeRegistry _registry;
    private readonly CancellationTokenSource _stopping = new();
    private int _count;

    public GrainCatalog(
        GrainTypeRegistry registry,
        IServiceProvider services,
        TimeProvider time,
        IOptions<GrainRuntimeOptions> options,
        TimingWheel wheel,
        ActivationCollector collector,
        ILogger<GrainCatalog> logger)
    {
        _registry = registry;
        Services = services;
        ScopeFactory = services.GetRequiredService<IServiceScopeFactory>();
        Time = time;
        Options = options.Value;
        Wheel = wheel;
        Collector = collector;
        Logger = logger;
        TurnWarningThreshold = Options.TurnWarningThreshold;
    }

    public int ActivationCount => Volatile.Read(ref _count);

    internal IServiceProvider Services { get; }

    internal IServiceScopeFactory ScopeFactory { get; }

    internal TimeProvider Time { get; }

    internal GrainRuntimeOptions Options { get; }

    internal TimeSpan TurnWarningThreshold { get; }

    internal TimingWheel Wheel { get; }

    internal ActivationCollector Collector { get; }

    internal ILogger Logger { get; }

    /// <summary>Cancelled when the silo starts shutting down; handed to activation steps.</summary>
    internal CancellationToken StoppingToken => _stopping.Token;

    /// <summary>Queues <paramref name="item"/> on the activation of <paramref name="grainId"/>, creating it if needed.</summary>
    /// <remarks>An item that cannot be delivered is completed through <see cref="IGrainWorkItem.OnDropped"/>, never thrown.</remarks>
    internal void Dispatch(GrainId grainId, IGrainWorkItem item)
    {
        if (!_activations.TryGetValue(grainId, out var activation) && !TryCreate(grainId, item, out activation))
        {
            return;
        }

        if (activation.IsRunningOnCurrentThread)
        {
            CatalogLog.SelfCall(Logger, grainId);
        }

        activation.ScheduleTurn(item);
    }

    internal bool TryGetActivation(GrainId grainId, [NotNullWhen(true)] out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);

    internal ActivationData[] GetActivations() => [.. _activations.Values];

    /// <summary>Takes an activation that became invalid out of the catalog (not a newer one with the same id).</summary>
    internal void Remove(ActivationData activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>
    /// Stops creating activations and deactivates every one for <paramref name="reason"/>, waiting
    /// until all are gone. Returns how many were deactivated.
    /// </summary>
    internal async Task<int> DeactivateAllAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        var total = 0;

        // A call that looked for an activation just before the flag was raised may still add one,
        // so loop until the catalog stays empty.
        while (!_activations.IsEmpty)
        {
            var activations = GetActivations();
            var pending = new Task[activations.Length];
            for (var i = 0; i < activations.Length; i++)
            {
                activations[i].Deactivate(reason);
                pending[i] = activations[i].WhenDeactivated;
            }

            total += activations.Length;
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    private bool TryCreate(GrainId grainId, IGrainWorkItem item, [NotNullWhen(true)] out ActivationData? activation)
    {
        activation = null;
        if (_stopping.IsCancellationRequested)
        {
            item.OnDropped(new InvalidOperationException($"Grain {grainId} cannot be activated: the silo is shutting down."));
            return false;
        }

        if (!_registry.TryGetClass(grainId.Type, out var grainClass))
        {
            item.OnDropped(new ArgumentException($"No grain class is registered for grain type '{grainId.Type}' (grain {grainId}).", nameof(grainId)));
            return false;
        }

        // Constructing an ActivationData has no side effects, so losing the race to another caller
        // just leaves garbage; the grain itself is constructed in the winner's first turn.
        var created = new ActivationData(this, grainId, grainClass);
        while (true)
        {
            if (_activations.TryAdd(grainId, created))
            {
                Interlocked.Increment(ref _count);
                activation = created;
                return true;
            }

            if (_activations.TryGetValue(grainId, out activation))
            {
                return true;
            }
        }
    }
}
