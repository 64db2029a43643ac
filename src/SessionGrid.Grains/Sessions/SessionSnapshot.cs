namespace SessionGrid.Grains.Sessions;

/// <summary>A session as operators see it (API and dashboard).</summary>
public sealed record SessionSnapshot(
    string SessionId,
    string Status,
    string StatusReason,
    int Incarnation,
    bool Connected,
    string? RemoteEndpoint,
    string? DeclaredIp,
    long? Pid,
    string? OwnerSilo,
    double IntervalSeconds,
    DateTimeOffset FirstSeen,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset StateSince,
    DateTimeOffset? LeaveDeadline,
    DateTimeOffset? CloseDeadline,
    SessionCounters Counters,
    IReadOnlyList<SessionTransitionView> RecentTransitions)
{
    /// <summary>Builds the view of <paramref name="state"/> at <paramref name="now"/>.</summary>
    public static SessionSnapshot From(SessionState state, SessionStateMachine machine, DateTimeOffset now)
    {
        var missedCurrent = SessionStateMachine.MissedIntervals(state, now);
        var transitions = new SessionTransitionView[state.RecentTransitions.Count];
        for (var i = 0; i < transitions.Length; i++)
        {
            transitions[i] = SessionTransitionView.Create(state.RecentTransitions[i]);
        }

        return new SessionSnapshot(
            state.SessionId,
            state.Status.ToWire(),
            state.StatusReason,
            state.Incarnation,
            state.Connected,
            state.RemoteEndpoint,
            state.DeclaredIp,
            state.Pid,
            state.OwnerSilo,
            state.Interval.TotalSeconds,
            state.FirstSeen,
            state.LastHeartbeat,
            state.StateSince,
            state.Status == SessionStatus.Live ? machine.MissDeadline(state) : null,
            state.Status == SessionStatus.Leave ? machine.LeaveDeadline(state) : null,
            new SessionCounters(
                state.HeartbeatsReceived,
                missedCurrent,
                state.MissedIntervalsCompleted + missedCurrent,
                state.Leaves,
                state.Recoveries,
                state.Reconnects,
                state.ProtocolViolations,
                state.BytesIn),
            transitions);
    }
}
