using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Tests.Sessions;

public sealed class SessionStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly SessionStateMachine _machine = new(new HeartbeatPolicy());
    private readonly SessionState _state = new();

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    private void Attach(double seconds, string endpoint = "10.0.0.5:5000")
        => _machine.OnConnectionAttached(_state, At(seconds), "s1", endpoint, Interval);

    private SessionTransition? Beat(double seconds, ClientDeclaredStatus status = ClientDeclaredStatus.Live)
        => _machine.OnHeartbeat(_state, At(seconds), status);

    private void GoLeaveBySilence()
    {
        Attach(0);
        Beat(1);
        Assert.NotNull(_machine.OnMissDeadline(_state, At(31)));
    }

    [Fact]
    public void OnConnectionAttached_FirstConnection_StartsLiveIncarnationOne()
    {
        var transition = _machine.OnConnectionAttached(_state, T0, "s1", "10.0.0.5:5000", Interval);

        Assert.NotNull(transition);
        Assert.Null(transition.From);
        Assert.Equal(SessionStatus.Live, transition.To);
        Assert.Equal(TransitionReasons.Connected, transition.Reason);
        Assert.Equal(1, _state.Incarnation);
        Assert.Equal("s1", _state.SessionId);
        Assert.True(_state.Connected);
        Assert.Equal("10.0.0.5:5000", _state.RemoteEndpoint);
        Assert.Equal(T0, _state.FirstSeen);
    }

    [Fact]
    public void Transitions_AcrossIncarnations_GetIncreasingSeqAndArePendingUntilCleared()
    {
        Attach(0);
        Beat(1, ClientDeclaredStatus.Close);
        Attach(2);

        Assert.Equal([1L, 2L, 3L], _state.PendingEvents.Select(t => t.Seq));
        Assert.Equal(3, _state.TransitionSeq);
        Assert.Equal(_state.RecentTransitions, _state.PendingEvents);
    }

    [Fact]
    public void OnMissDeadline_JustBeforeThreshold_StaysLive()
    {
        Attach(0);
        Beat(0);

        Assert.Null(_machine.OnMissDeadline(_state, At(29.999)));
        Assert.Equal(SessionStatus.Live, _state.Status);
    }

    [Fact]
    public void OnMissDeadline_ExactlyAtThreshold_GoesToLeave()
    {
        Attach(0);
        Beat(0);

        var transition = _machine.OnMissDeadline(_state, At(30));

        Assert.NotNull(transition);
        Assert.Equal(SessionStatus.Live, transition.From);
        Assert.Equal(SessionStatus.Leave, transition.To);
        Assert.Equal(TransitionReasons.HeartbeatTimeout, transition.Reason);
        Assert.Equal(1, _state.Leaves);
        Assert.Equal(At(30), _state.StateSince);
    }

    [Fact]
    public void OnMissDeadline_OwnerSiloLost_GoesToLeaveWithSiloLost()
    {
        Attach(0);
        Beat(0);

        var transition = _machine.OnMissDeadline(_state, At(30), TransitionReasons.SiloLost);

        Assert.NotNull(transition);
        Assert.Equal(SessionStatus.Leave, transition.To);
        Assert.Equal("silo-lost", transition.Reason);
        Assert.Equal("silo-lost", _state.StatusReason);
    }

    [Fact]
    public void OnMissDeadline_HeartbeatMovedDeadline_StaysLive()
    {
        Attach(0);
        Beat(25);

        Assert.Null(_machine.OnMissDeadline(_state, At(30)));
        Assert.Equal(At(55), _machine.MissDeadline(_state));
    }

    [Fact]
    public void OnConnectionLost_WhileLive_GoesToLeaveWithReason()
    {
        Attach(0);

        var transition = _machine.OnConnectionLost(_state, At(3), TransitionReasons.ConnectionLost);

        Assert.Equal(SessionStatus.Leave, transition?.To);
        Assert.Equal(TransitionReasons.ConnectionLost, transition?.Reason);
        Assert.False(_state.Connected);
    }

    [Fact]
    public void OnConnectionLost_WhileLeave_StaysInLeaveWithoutNewTransition()
    {
        GoLeaveBySilence();
        var since = _state.StateSince;

        Assert.Null(_machine.OnConnectionLost(_state, At(40), TransitionReasons.ConnectionLost));
        Assert.Equal(SessionStatus.Leave, _state.Status);
        Assert.Equal(since, _state.StateSince);
    }

    [Fact]
    public void OnHeartbeat_ClientDeclaresLeave_GoesToLeave()
    {
        Attach(0);

        var transition = Beat(5, ClientDeclaredStatus.Leave);

        Assert.Equal(SessionStatus.Leave, transition?.To);
        Assert.Equal(TransitionReasons.ClientLeave, transition?.Reason);
        Assert.Equal(1, _state.HeartbeatsReceived);
    }

    [Fact]
    public void OnHeartbeat_RecoveryHeartbeatsOnTime_ReturnsToLiveOnTheThird()
    {
        GoLeaveBySilence();

        Assert.Null(Beat(60));
        Assert.Equal(0, _state.RecoveryStreak);
        Assert.Null(Beat(70));
        Assert.Null(Beat(80));
        var transition = Beat(90);

        Assert.Equal(SessionStatus.Live, transition?.To);
        Assert.Equal(TransitionReasons.Recovered, transition?.Reason);
        Assert.Equal(1, _state.Recoveries);
    }

    [Fact]
    public void OnHeartbeat_GapExactlyOneAndAHalfIntervals_CountsAsOnTime()
    {
        GoLeaveBySilence();
        Beat(60);

        Beat(75);

        Assert.Equal(1, _state.RecoveryStreak);
    }

    [Fact]
    public void OnHeartbeat_LateHeartbeatInRecovery_ResetsStreak()
    {
        GoLeaveBySilence();
        Beat(60);
        Beat(70);
        Beat(80);

        Assert.Null(Beat(95.001));
        Assert.Equal(0, _state.RecoveryStreak);
        Assert.Equal(SessionStatus.Leave, _state.Status);
    }

    [Fact]
    public void OnHeartbeat_DeclaredLeaveWhileRecovering_ResetsStreak()
    {
        GoLeaveBySilence();
        Beat(60);
        Beat(70);

        Assert.Null(Beat(80, ClientDeclaredStatus.Leave));
        Assert.Equal(0, _state.RecoveryStreak);
    }

    [Fact]
    public void OnHeartbeat_AfterReconnectFromLeave_ReturnsToLiveAtOnce()
    {
        Attach(0);
        _machine.OnConnectionLost(_state, At(5), TransitionReasons.ConnectionLost);
        Attach(100, "10.0.0.5:6000");

        var transition = Beat(101);

        Assert.Equal(SessionStatus.Live, transition?.To);
        Assert.Equal(TransitionReasons.Reconnected, transition?.Reason);
        Assert.Equal(1, _state.Reconnects);
        Assert.Equal("10.0.0.5:6000", _state.RemoteEndpoint);
        Assert.Equal(1, _state.Incarnation);
    }

    [Fact]
    public void OnHeartbeat_ReconnectInSameInstantAsLeave_StillReturnsToLive()
    {
        Attach(0);
        _machine.OnConnectionLost(_state, At(5), TransitionReasons.ConnectionLost);
        Attach(5, "10.0.0.5:6000");

        Assert.Equal(TransitionReasons.Reconnected, Beat(5)?.Reason);
    }

    [Fact]
    public void OnHeartbeat_DeclaredLeaveOnCurrentConnection_NeedsRecoveryNotReconnect()
    {
        Attach(0);
        Beat(1, ClientDeclaredStatus.Leave);

        Assert.Null(Beat(2));
        Assert.Equal(SessionStatus.Leave, _state.Status);
    }

    [Fact]
    public void OnConnectionAttached_WhileLeave_StaysLeaveUntilHeartbeat()
    {
        Attach(0);
        _machine.OnConnectionLost(_state, At(5), TransitionReasons.ConnectionLost);

        Assert.Null(_machine.OnConnectionAttached(_state, At(100), "s1", "10.0.0.5:6000", Interval));
        Assert.Equal(SessionStatus.Leave, _state.Status);
    }

    [Fact]
    public void OnLeaveTimeout_JustBeforeTimeout_StaysLeave()
    {
        GoLeaveBySilence();

        Assert.Null(_machine.OnLeaveTimeout(_state, At(31) + TimeSpan.FromMinutes(30) - TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void OnLeaveTimeout_ExactlyAtTimeout_Closes()
    {
        GoLeaveBySilence();

        var transition = _machine.OnLeaveTimeout(_state, At(31) + TimeSpan.FromMinutes(30));

        Assert.Equal(SessionStatus.Leave, transition?.From);
        Assert.Equal(SessionStatus.Closed, transition?.To);
        Assert.Equal(TransitionReasons.LeaveTimeout, transition?.Reason);
        Assert.Equal("10.0.0.5:5000", _state.RemoteEndpoint);
    }

    [Fact]
    public void OnLeaveTimeout_SessionRecovered_DoesNothing()
    {
        GoLeaveBySilence();
        Attach(40);
        Beat(41);

        Assert.Null(_machine.OnLeaveTimeout(_state, At(31) + TimeSpan.FromMinutes(30)));
        Assert.Equal(SessionStatus.Live, _state.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OnHeartbeat_ClientDeclaresClose_ClosesFromLiveOrLeave(bool fromLeave)
    {
        if (fromLeave)
        {
            GoLeaveBySilence();
        }
        else
        {
            Attach(0);
        }

        var transition = Beat(50, ClientDeclaredStatus.Close);

        Assert.Equal(SessionStatus.Closed, transition?.To);
        Assert.Equal(TransitionReasons.ClientClosed, transition?.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Close_OperatorKick_ClosesFromLiveOrLeave(bool fromLeave)
    {
        if (fromLeave)
        {
            GoLeaveBySilence();
        }
        else
        {
            Attach(0);
        }

        var transition = _machine.Close(_state, At(50), TransitionReasons.Kicked);

        Assert.Equal(SessionStatus.Closed, transition?.To);
        Assert.Equal(TransitionReasons.Kicked, transition?.Reason);
    }

    [Fact]
    public void Close_AlreadyClosedOrNeverStarted_ReturnsNull()
    {
        Assert.Null(_machine.Close(_state, T0, TransitionReasons.Kicked));
        Attach(0);
        _machine.Close(_state, At(1), TransitionReasons.Kicked);

        Assert.Null(_machine.Close(_state, At(2), TransitionReasons.Kicked));
    }

    [Fact]
    public void OnHeartbeat_WhenClosed_NeverReturnsToLive()
    {
        Attach(0);
        Beat(1, ClientDeclaredStatus.Close);

        Assert.Null(Beat(2));
        Assert.Equal(SessionStatus.Closed, _state.Status);
        Assert.Equal(1, _state.HeartbeatsReceived);
    }

    [Fact]
    public void OnConnectionAttached_AfterClosed_StartsNewIncarnationWithFreshCounters()
    {
        Attach(0);
        Beat(1);
        _machine.OnConnectionLost(_state, At(2), TransitionReasons.ConnectionLost);
        _machine.OnLeaveTimeout(_state, At(2) + TimeSpan.FromMinutes(30));

        var transition = _machine.OnConnectionAttached(_state, At(5000), "s1", "10.0.0.5:7000", Interval);

        Assert.Null(transition?.From);
        Assert.Equal(SessionStatus.Live, transition?.To);
        Assert.Equal(2, _state.Incarnation);
        Assert.Equal(2, transition?.Incarnation);
        Assert.Equal(0, _state.HeartbeatsReceived);
        Assert.Equal(0, _state.Leaves);
        Assert.Equal(0, _state.Reconnects);
        Assert.Equal(At(5000), _state.FirstSeen);
        Assert.Contains(_state.RecentTransitions, t => t.Incarnation == 1 && t.To == SessionStatus.Closed);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(15, 0)]
    [InlineData(15.001, 1)]
    [InlineData(20, 1)]
    [InlineData(25, 2)]
    [InlineData(30, 2)]
    [InlineData(35.5, 3)]
    public void MissedIntervals_GapSinceLastHeartbeat_CountsHeartbeatsMoreThanHalfAnIntervalLate(double gapSeconds, long expected)
    {
        Attach(0);
        Beat(0);

        Assert.Equal(expected, SessionStateMachine.MissedIntervals(_state, At(gapSeconds)));
    }

    [Fact]
    public void OnHeartbeat_AfterSilence_AddsTheRunToCompletedMisses()
    {
        Attach(0);
        Beat(0);
        Beat(25);
        Beat(35);

        Assert.Equal(2, _state.MissedIntervalsCompleted);
        Assert.Equal(3, _state.HeartbeatsReceived);
        Assert.Equal(At(35), _state.LastHeartbeat);
    }

    [Fact]
    public void RecentTransitions_MoreThanConfigured_KeepsTheNewest()
    {
        var machine = new SessionStateMachine(new HeartbeatPolicy { RecentTransitions = 3 });
        machine.OnConnectionAttached(_state, T0, "s1", "e", Interval);
        for (var i = 1; i <= 5; i++)
        {
            machine.OnHeartbeat(_state, At(i * 2), ClientDeclaredStatus.Leave);
            machine.OnConnectionAttached(_state, At((i * 2) + 1), "s1", "e", Interval);
            machine.OnHeartbeat(_state, At((i * 2) + 1), ClientDeclaredStatus.Live);
        }

        Assert.Equal(3, _state.RecentTransitions.Count);
        Assert.Equal(At(11), _state.RecentTransitions[^1].Time);
    }
}
