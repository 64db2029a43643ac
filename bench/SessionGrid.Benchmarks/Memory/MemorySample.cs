using System.Globalization;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>The process's memory at one moment, taken after a full blocking, compacting collection.</summary>
/// <param name="ManagedBytes"><see cref="GC.GetTotalMemory(bool)"/> after a full collection: live managed objects.</param>
/// <param name="HeapSizeBytes">The GC heap after the last collection (<see cref="GCMemoryInfo.HeapSizeBytes"/>), fragmentation included.</param>
/// <param name="FragmentedBytes">Free space inside the heap (<see cref="GCMemoryInfo.FragmentedBytes"/>).</param>
/// <param name="CommittedBytes">Memory the GC has committed (<see cref="GCMemoryInfo.TotalCommittedBytes"/>).</param>
/// <param name="RssBytes">Resident set size from <c>/proc/self/status</c> (VmRSS); null where there is no procfs.</param>
/// <param name="TrimmedRssBytes">
/// VmRSS after an aggressive collection, which hands the GC's free regions back to the system at once. A running
/// silo's GC hands back what it does not need a little at every collection; the plain figure also holds what the
/// activation burst left committed.
/// </param>
internal readonly record struct MemorySample(long ManagedBytes, long HeapSizeBytes, long FragmentedBytes, long CommittedBytes, long? RssBytes, long? TrimmedRssBytes)
{
    public static MemorySample Take()
    {
        // Compacting, so fragmentation left by activation does not read as per-session bytes.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var rss = ReadRss();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return new MemorySample(managed, info.HeapSizeBytes, info.FragmentedBytes, info.TotalCommittedBytes, rss, ReadRss());
    }

    /// <summary>VmRSS in bytes, or null when <c>/proc/self/status</c> is not there (not Linux).</summary>
    public static long? ReadRss()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:	  123456 kB"
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
