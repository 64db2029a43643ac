namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>The baseline: a heartbeat that keeps no deadline, so what is left is the Orleans call and the activation.</summary>
public sealed class NoDeadlineBenchGrain : Grain, INoDeadlineBenchGrain
{
    private long _heartbeats;

    public ValueTask HeartbeatAsync(TimeSpan missAfter)
    {
        _heartbeats++;
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> GetMissesAsync() => ValueTask.FromResult(0);
}
