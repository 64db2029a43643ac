namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>What the deadline comparison's sessions share.</summary>
public static class DeadlineBench
{
    /// <summary>
    /// The default miss window (the default policy's 3 x 10 s). A run must not let any deadline come due:
    /// activating a million sessions takes longer than this, so such runs pass a longer <c>--miss-after</c>.
    /// </summary>
    public static readonly TimeSpan DefaultMissAfter = TimeSpan.FromSeconds(30);

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
