namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>A session stand-in of the deadline comparison: each heartbeat pushes its miss deadline later.</summary>
[Alias("SessionGrid.Benchmarks.IDeadlineBenchGrain")]
public interface IDeadlineBenchGrain : IGrainWithStringKey
{
    /// <summary>Pushes the miss deadline <paramref name="missAfter"/> from now (activating the grain and arming it first if need be).</summary>
    [Alias("Heartbeat")]
    ValueTask HeartbeatAsync(TimeSpan missAfter);

    /// <summary>How many times the deadline fired (zero in a run where every session heartbeats in time).</summary>
    [Alias("GetMisses")]
    ValueTask<int> GetMissesAsync();
}
