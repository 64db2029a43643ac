using SessionGrid.Grains.Deadlines;

namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>A wheel entry that only counts its firings, so the benchmarks measure the wheel alone.</summary>
internal sealed class TimerWheelBenchEntry : TimingWheelEntry
{
    public int FireCount { get; private set; }

    internal override void OnFired() => FireCount++;
}
