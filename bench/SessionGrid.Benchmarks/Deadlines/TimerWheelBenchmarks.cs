using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrid.Grains.Deadlines;

namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>
/// The timing wheel's per-timer operations: arm and cancel one timer, and the heartbeat path of
/// pushing 100,000 armed timers later (a lock-free field write each). Both report 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class TimerWheelBenchmarks
{
    private const int Timers = 100_000;

    private readonly TimerWheelBenchEntry _one = new();
    private TimingWheel _wheel = null!;
    private TimerWheelBenchEntry[] _armed = [];
    private long _due;

    [GlobalSetup]
    public void Setup()
    {
        // Not started: the benchmarks drive ticks themselves, the wall clock plays no part.
        _wheel = new TimingWheel(TimeProvider.System, Options.Create(new TimerWheelOptions()), NullLogger<TimingWheel>.Instance);
        _due = _wheel.ProcessedTick + 30;
        _armed = new TimerWheelBenchEntry[Timers];
        for (var i = 0; i < Timers; i++)
        {
            _armed[i] = new TimerWheelBenchEntry();
            _wheel.Schedule(_armed[i], _due);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _wheel.Dispose();

    [Benchmark]
    public bool ScheduleAndCancel()
    {
        _wheel.Schedule(_one, _wheel.ProcessedTick + 10);
        return _wheel.Remove(_one);
    }

    [Benchmark(OperationsPerInvoke = Timers)]
    public int PushLater100k()
    {
        // Every heartbeat moves its session's miss timer later than the slot it sits in.
        var due = ++_due;
        var lazy = 0;
        foreach (var entry in _armed)
        {
            lazy += TimingWheel.TryPushLater(entry, due) ? 1 : 0;
        }

        return lazy;
    }
}
