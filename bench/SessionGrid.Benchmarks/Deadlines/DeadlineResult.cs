using SessionGrid.Benchmarks.Memory;

namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>One mechanism's figures in the <c>deadlines</c> command.</summary>
internal sealed record DeadlineResult(
    DeadlineMechanism Mechanism,
    int Sessions,
    double ActivateSeconds,
    MemorySample Before,
    MemorySample After,
    long Heartbeats,
    TimeSpan HeartbeatCpu,
    TimeSpan HeartbeatWall,
    TimeSpan QuietCpu,
    TimeSpan QuietWall,
    long Misses)
{
    public double ManagedBytesPerSession => (double)(After.ManagedBytes - Before.ManagedBytes) / Sessions;

    public double? RssBytesPerSession => After.RssBytes is { } after && Before.RssBytes is { } before ? (double)(after - before) / Sessions : null;

    public double CpuMicrosecondsPerHeartbeat => HeartbeatCpu.TotalMicroseconds / Heartbeats;

    public double HeartbeatsPerSecond => Heartbeats / HeartbeatWall.TotalSeconds;

    public double QuietCpuMillisecondsPerSecond => QuietCpu.TotalMilliseconds / QuietWall.TotalSeconds;
}
