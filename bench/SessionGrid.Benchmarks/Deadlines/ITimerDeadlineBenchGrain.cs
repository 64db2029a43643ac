namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>Picks <see cref="TimerDeadlineBenchGrain"/>.</summary>
[Alias("SessionGrid.Benchmarks.ITimerDeadlineBenchGrain")]
public interface ITimerDeadlineBenchGrain : IDeadlineBenchGrain;
