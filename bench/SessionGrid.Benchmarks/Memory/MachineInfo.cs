using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>The line every result carries: what ran it, so numbers from different machines are not compared blindly.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memKb = FirstValue("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var ram = long.TryParse(memKb, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? $"{kb / (1024.0 * 1024.0):0.0} GiB RAM" : "RAM unknown";
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        var concurrent = AppContext.TryGetSwitch("System.GC.Concurrent", out var on) && !on ? "non-concurrent" : "concurrent";
        return $"{cpu}, {Environment.ProcessorCount} cores, {ram}, {RuntimeInformation.OSDescription}, .NET {Environment.Version} ({gc}, {concurrent})";
    }

    private static string? FirstValue(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == key)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
