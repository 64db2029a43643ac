namespace SessionGrid.Benchmarks.Memory;

/// <summary>What was measured, where and how: the part every <c>memory</c> result shares.</summary>
internal sealed record MemoryRun(string Command, DateTimeOffset Date, string Machine, string Storage, int Sessions, int Warmup, double RunningSeconds)
{
    public static MemoryRun Create(MemoryOptions options, string command) => new(
        command,
        DateTimeOffset.UtcNow,
        MachineInfo.Describe(),
        options.Store == SessionStore.Discard ? "discard" : "memory",
        options.Sessions,
        options.Warmup,
        options.Running.TotalSeconds);
}
