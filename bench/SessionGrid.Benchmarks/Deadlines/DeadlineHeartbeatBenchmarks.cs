using BenchmarkDotNet.Attributes;

namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>
/// The deadline wheel vs Orleans grain timers, per heartbeat: <see cref="Sessions"/> live activations on
/// an in-process silo, each heartbeat pushing its session's miss deadline later (<see cref="DeadlineMechanism.None"/>
/// is the call alone). 10,000 heartbeats per invocation, 64 in flight, going round the sessions so that
/// at scale each lands on another activation. Memory per session and the cost of a quiet second are
/// the <c>deadlines</c> command's (<see cref="DeadlineCommand"/>).
/// </summary>
/// <remarks>
/// The session count comes from <c>SESSIONGRID_BENCH_SESSIONS</c> (comma-separated, default 1000):
/// <c>SESSIONGRID_BENCH_SESSIONS=1000000 dotnet run -c Release --project bench/SessionGrid.Benchmarks -- --filter '*DeadlineHeartbeat*'</c>.
/// </remarks>
[MemoryDiagnoser]
public class DeadlineHeartbeatBenchmarks
{
    public const string SessionsVariable = "SESSIONGRID_BENCH_SESSIONS";

    private const int HeartbeatsPerInvoke = 10_000;
    private const int InFlight = 64;
    private DeadlineFleet _fleet = null!;

    [ParamsAllValues]
    public DeadlineMechanism Mechanism { get; set; }

    [ParamsSource(nameof(SessionCounts))]
    public int Sessions { get; set; } = 1_000;

    public static IEnumerable<int> SessionCounts() => ParseSessionCounts(Environment.GetEnvironmentVariable(SessionsVariable));

    [GlobalSetup]
    public void Setup()
    {
        _fleet = DeadlineFleet.StartAsync(Mechanism, Sessions, DeadlineBench.DefaultMissAfter).GetAwaiter().GetResult();
        _fleet.ActivateAsync(1_000).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = HeartbeatsPerInvoke)]
    public Task Heartbeats() => _fleet.HeartbeatsAsync(HeartbeatsPerInvoke, InFlight);

    internal static int[] ParseSessionCounts(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [1_000];
        }

        return [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v =>
            int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new FormatException($"{SessionsVariable} takes session counts above 0, comma-separated (was '{value}')."))];
    }
}
