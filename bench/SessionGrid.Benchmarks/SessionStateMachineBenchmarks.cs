using BenchmarkDotNet.Attributes;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Benchmarks;

/// <summary>
/// The session state machine alone (pure functions of state, event and time; no grain, no timer, no
/// store): the steady heartbeat, which must allocate nothing, and the two transitions a flapping
/// client causes. A transition allocates its <see cref="SessionTransition"/> record by design.
/// </summary>
/// <remarks>
/// A transition can happen once per state, so the transition benchmarks put the state back with
/// plain property writes after each one (what the grain's write-through leaves behind: no pending
/// events). Those writes cost a few ns and are part of the measured time.
/// </remarks>
[MemoryDiagnoser]
public class SessionStateMachineBenchmarks
{
    private const int OperationsPerInvoke = 1_000;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly SessionStateMachine _machine = new(new HeartbeatPolicy());
    private SessionState _live = null!;
    private SessionState _leaving = null!;
    private SessionState _recovering = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        _live = Attached("10.0.0.5:4242");
        _leaving = Attached("10.0.0.6:4242");
        _recovering = Attached("10.0.0.7:4242");

        // Fill the recent-transitions ring, so the transition benchmarks pay its steady-state trimming.
        for (var i = 0; i < _machine.Policy.RecentTransitions; i++)
        {
            MissDeadlineToLeave();
            RecoveryToLive();
        }
    }

    [Benchmark(Description = "heartbeat on a live session (no transition)", OperationsPerInvoke = OperationsPerInvoke)]
    public SessionTransition? Heartbeat()
    {
        SessionTransition? last = null;
        var state = _live;
        for (var i = 0; i < OperationsPerInvoke; i++)
        {
            _now += Interval;
            last = _machine.OnHeartbeat(state, _now, ClientDeclaredStatus.Live);
        }

        return last;
    }

    [Benchmark(Description = "live -> leave (miss deadline reached)")]
    public SessionTransition? MissDeadlineToLeave()
    {
        var state = _leaving;
        _now += Interval;
        state.Status = SessionStatus.Live;
        state.LastActivity = _now;
        state.PendingEvents.Clear();
        return _machine.OnMissDeadline(state, _now + _machine.Policy.LeaveAfter(Interval));
    }

    [Benchmark(Description = "leave -> live (last on-time heartbeat of the recovery streak)")]
    public SessionTransition? RecoveryToLive()
    {
        var state = _recovering;
        _now += Interval;
        state.Status = SessionStatus.Leave;
        state.RecoveryStreak = _machine.Policy.RecoveryHeartbeats - 1;
        state.LastActivity = _now;
        state.PendingEvents.Clear();
        return _machine.OnHeartbeat(state, _now + Interval, ClientDeclaredStatus.Live);
    }

    private SessionState Attached(string sessionId)
    {
        var state = new SessionState();
        _machine.OnConnectionAttached(state, _now, sessionId, "127.0.0.1:50000", Interval);
        state.PendingEvents.Clear();
        return state;
    }
}
