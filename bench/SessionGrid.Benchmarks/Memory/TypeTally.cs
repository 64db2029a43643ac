namespace SessionGrid.Benchmarks.Memory;

/// <summary>Objects of one type and their bytes.</summary>
internal readonly record struct TypeTally(long Count, long Bytes)
{
    public TypeTally Add(long bytes) => new(Count + 1, Bytes + bytes);
}
