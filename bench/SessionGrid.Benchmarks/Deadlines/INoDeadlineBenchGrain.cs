namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>Picks <see cref="NoDeadlineBenchGrain"/>.</summary>
[Alias("SessionGrid.Benchmarks.INoDeadlineBenchGrain")]
public interface INoDeadlineBenchGrain : IDeadlineBenchGrain;
