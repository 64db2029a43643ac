using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrid.Grains.Deadlines;

namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>
/// One wheel tick with <see cref="Expiring"/> timers coming due (scheduled for that tick inside the
/// invocation), beside <see cref="IdleTimers"/> armed timers that are not due. The tick's cost should
/// follow Expiring, not IdleTimers.
/// </summary>
[MemoryDiagnoser]
public class TimerWheelTickBenchmarks
{
    private TimingWheel _wheel = null!;
    private TimerWheelBenchEntry[] _expiring = [];
    private TimerWheelBenchEntry[] _idle = [];

    [Params(0, 100, 10_000)]
    public int Expiring { get; set; }

    [Params(0, 1_000_000)]
    public int IdleTimers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _wheel = new TimingWheel(TimeProvider.System, Options.Create(new TimerWheelOptions()), NullLogger<TimingWheel>.Instance);
        _expiring = [.. Enumerable.Range(0, Expiring).Select(_ => new TimerWheelBenchEntry())];

        // Idle timers due a long way off, one per tick over a million ticks: they wait in the outer
        // ring and only the cascade at the start of each inner revolution looks at one outer slot.
        _idle = new TimerWheelBenchEntry[IdleTimers];
        var far = _wheel.ProcessedTick + (1L << 40);
        for (var i = 0; i < IdleTimers; i++)
        {
            _idle[i] = new TimerWheelBenchEntry();
            _wheel.Schedule(_idle[i], far + i);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _wheel.Dispose();

    [Benchmark]
    public long Tick()
    {
        var next = _wheel.ProcessedTick + 1;
        foreach (var entry in _expiring)
        {
            _wheel.Schedule(entry, next);
        }

        _wheel.Process(next);
        return _wheel.FiredTotal;
    }
}
