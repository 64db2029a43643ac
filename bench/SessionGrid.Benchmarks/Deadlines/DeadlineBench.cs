namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>What the deadline comparison's sessions share.</summary>
public static class DeadlineBench
{
    /// <summary>
    /// The miss window (the default policy's 3 x 10 s): longer than any measurement here, so in a run
    /// where sessions heartbeat nothing comes due and a deadline is only ever pushed later.
    /// </summary>
    public static readonly TimeSpan MissAfter = TimeSpan.FromSeconds(30);

    /// <summary>The grain reference of session <paramref name="index"/> under <paramref name="mechanism"/>.</summary>
    public static IDeadlineBenchGrain Grain(IGrainFactory grains, DeadlineMechanism mechanism, int index)
    {
        var key = "d-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return mechanism switch
        {
            DeadlineMechanism.None => grains.GetGrain<INoDeadlineBenchGrain>(key),
            DeadlineMechanism.Wheel => grains.GetGrain<IWheelDeadlineBenchGrain>(key),
            DeadlineMechanism.GrainTimer => grains.GetGrain<ITimerDeadlineBenchGrain>(key),
            _ => throw new ArgumentOutOfRangeException(nameof(mechanism), mechanism, null),
        };
    }
}
