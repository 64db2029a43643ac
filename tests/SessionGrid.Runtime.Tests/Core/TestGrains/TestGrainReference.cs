using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Tests.Core.TestGrains;

/// <summary>Hand-written reference: one InvokeAsync line per method, static lambdas only.</summary>
public sealed class TestGrainReference(IGrainCallRouter router, GrainId grainId) : GrainReference(router, grainId), ITestGrain
{
    public ValueTask PingAsync() => InvokeAsync(static (ITestGrain g, object? _) => g.PingAsync(), null);

    public ValueTask<int> EchoAsync(int value) => InvokeAsync(static (ITestGrain g, int v) => g.EchoAsync(v), value);

    public ValueTask<Guid> GetActivationIdAsync() => InvokeAsync(static (ITestGrain g, object? _) => g.GetActivationIdAsync(), null);

    public ValueTask AppendAsync(int value) => InvokeAsync(static (ITestGrain g, int v) => g.AppendAsync(v), value);

    public ValueTask<int[]> GetAppendedAsync() => InvokeAsync(static (ITestGrain g, object? _) => g.GetAppendedAsync(), null);

    public ValueTask BlockAsync(string gate) => InvokeAsync(static (ITestGrain g, string v) => g.BlockAsync(v), gate);

    public ValueTask RecordAsync(string name) => InvokeAsync(static (ITestGrain g, string v) => g.RecordAsync(v), name);

    public ValueTask ThrowAsync(string message) => InvokeAsync(static (ITestGrain g, string v) => g.ThrowAsync(v), message);

    public ValueTask ThrowSynchronouslyAsync(string message) => InvokeAsync(static (ITestGrain g, string v) => g.ThrowSynchronouslyAsync(v), message);

    public ValueTask DeactivateAsync() => InvokeAsync(static (ITestGrain g, object? _) => g.DeactivateAsync(), null);

    public ValueTask SetKeepAliveAsync(bool keepAlive) => InvokeAsync(static (ITestGrain g, bool v) => g.SetKeepAliveAsync(v), keepAlive);

    public ValueTask AdvanceClockAsync(TimeSpan delta) => InvokeAsync(static (ITestGrain g, TimeSpan v) => g.AdvanceClockAsync(v), delta);

    public ValueTask CallSelfWithoutWaitingAsync() => InvokeAsync(static (ITestGrain g, object? _) => g.CallSelfWithoutWaitingAsync(), null);
}
