namespace SessionGrid.Benchmarks.Memory;

/// <summary>One type's share of a session.</summary>
internal sealed record BreakdownRow(string Type, double ObjectsPerSession, double BytesPerSession);
