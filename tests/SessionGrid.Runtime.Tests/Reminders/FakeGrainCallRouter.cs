using System.Collections.Concurrent;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Tests.Storage;

namespace SessionGrid.Runtime.Tests.Reminders;

/// <summary>Routes calls to <see cref="RecordingRemindable"/> grains, "activating" each on its first call.</summary>
internal sealed class FakeGrainCallRouter : IGrainCallRouter
{
    private readonly ConcurrentDictionary<GrainId, RecordingRemindable> _grains = new();
    private readonly ConcurrentDictionary<GrainId, bool> _activated = new();

    /// <summary>Grains that received a call through the router.</summary>
    public IReadOnlyCollection<GrainId> Activated => [.. _activated.Keys];

    public AwaitableCounter Calls { get; } = new();

    /// <summary>The grain behind <paramref name="grainId"/>, for setting it up and inspecting it; not a call.</summary>
    public RecordingRemindable Grain(GrainId grainId) => _grains.GetOrAdd(grainId, static id => new RecordingRemindable(id));

    public ValueTask InvokeAsync<TGrain, TArg>(GrainId grainId, Func<TGrain, TArg, ValueTask> method, TArg arg)
        where TGrain : class
    {
        _activated.TryAdd(grainId, true);
        Calls.Add();
        return method((TGrain)(object)Grain(grainId), arg);
    }

    public ValueTask<TResult> InvokeAsync<TGrain, TArg, TResult>(GrainId grainId, Func<TGrain, TArg, ValueTask<TResult>> method, TArg arg)
        where TGrain : class
    {
        _activated.TryAdd(grainId, true);
        Calls.Add();
        return method((TGrain)(object)Grain(grainId), arg);
    }
}
