namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>Picks <see cref="WheelDeadlineBenchGrain"/>.</summary>
[Alias("SessionGrid.Benchmarks.IWheelDeadlineBenchGrain")]
public interface IWheelDeadlineBenchGrain : IDeadlineBenchGrain;
