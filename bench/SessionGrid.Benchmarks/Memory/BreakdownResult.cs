namespace SessionGrid.Benchmarks.Memory;

/// <summary>What <c>memory --breakdown</c> measured: bytes per session by type, and how much of the GC's figure the walk explains.</summary>
internal sealed record BreakdownResult(
    MemoryRun Run,
    IReadOnlyList<BreakdownRow> Rows,
    double WalkedBytesPerSession,
    double ManagedBytesPerSession);
