using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>Hand-written reference, one InvokeAsync line per method.</summary>
public sealed class CounterGrainReference(IGrainCallRouter router, GrainId grainId) : GrainReference(router, grainId), ICounterGrain
{
    public ValueTask IncrementAsync() => InvokeAsync(static (ICounterGrain g, object? _) => g.IncrementAsync(), null);

    public ValueTask SaveAsync(int count) => InvokeAsync(static (ICounterGrain g, int c) => g.SaveAsync(c), count);

    public ValueTask<int> GetAsync() => InvokeAsync(static (ICounterGrain g, object? _) => g.GetAsync(), null);

    public ValueTask RemindAsync(TimeSpan dueTime) => InvokeAsync(static (ICounterGrain g, TimeSpan d) => g.RemindAsync(d), dueTime);
}
