namespace SessionGrid.Benchmarks.Memory;

/// <summary>What <c>memory</c> measured at scale; written as camelCase JSON and as a markdown table.</summary>
internal sealed record MemoryResult(
    MemoryRun Run,
    int Activations,
    double ActivateSeconds,
    MemorySample Before,
    MemorySample After,
    long? RunningRssBytes,
    long RowsWritten,
    long ShedWrites)
{
    /// <summary>The goal per idle session, read strictly (5 KB = 5,000 bytes).</summary>
    public const int GoalBytesPerSession = 5_000;

    public double ManagedBytesPerSession => PerSession(After.ManagedBytes - Before.ManagedBytes);

    public double HeapBytesPerSession => PerSession(After.HeapSizeBytes - Before.HeapSizeBytes);

    public double? RssBytesPerSession => After.RssBytes is { } after && Before.RssBytes is { } before ? PerSession(after - before) : null;

    public double? TrimmedRssBytesPerSession => After.TrimmedRssBytes is { } after && Before.TrimmedRssBytes is { } before ? PerSession(after - before) : null;

    /// <summary>RSS after the silo ran <c>--running</c> seconds on its own, against the baseline's plain RSS.</summary>
    public double? RunningRssBytesPerSession => RunningRssBytes is { } running && Before.RssBytes is { } before ? PerSession(running - before) : null;

    public double SessionsPerSecond => ActivateSeconds > 0 ? Run.Sessions / ActivateSeconds : 0;

    private double PerSession(long bytes) => (double)bytes / Run.Sessions;
}
