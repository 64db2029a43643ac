using SessionGrid.Grains.Sessions;

namespace SessionGrid.Benchmarks.Tests;

/// <summary>The benchmarks measure what their names say: each operation makes the transition it claims, or none.</summary>
public sealed class StateMachineBenchmarkTests
{
    [Fact]
    public void Heartbeat_LiveSession_NoTransition()
    {
        var bench = new SessionStateMachineBenchmarks();
        bench.Setup();

        Assert.Null(bench.Heartbeat());
    }

    [Fact]
    public void MissDeadlineToLeave_EveryCall_LiveToLeave()
    {
        var bench = new SessionStateMachineBenchmarks();
        bench.Setup();

        for (var i = 0; i < 3; i++)
        {
            var transition = bench.MissDeadlineToLeave();
            Assert.NotNull(transition);
            Assert.Equal((SessionStatus.Live, SessionStatus.Leave, TransitionReasons.HeartbeatTimeout), (transition.From!.Value, transition.To, transition.Reason));
        }
    }

    [Fact]
    public void RecoveryToLive_EveryCall_LeaveToLive()
    {
        var bench = new SessionStateMachineBenchmarks();
        bench.Setup();

        for (var i = 0; i < 3; i++)
        {
            var transition = bench.RecoveryToLive();
            Assert.NotNull(transition);
            Assert.Equal((SessionStatus.Leave, SessionStatus.Live, TransitionReasons.Recovered), (transition.From!.Value, transition.To, transition.Reason));
        }
    }
}
