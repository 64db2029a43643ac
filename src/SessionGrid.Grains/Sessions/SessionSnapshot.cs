namespace SessionGrid.Grains.Sessions;

/// <summary>A session as operators see it (API and dashboard).</summary>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.SessionSnapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Status,
    [property: Id(2)] string StatusReason,
    [property: Id(3)] int Incarnation,
    [property: Id(4)] bool Connected,
    [property: Id(5)] string? RemoteEndpoint,
    [property: Id(6)] string? DeclaredIp,
    [property: Id(7)] long? Pid,
    [property: Id(8)] string? OwnerSilo,
    [property: Id(9)] double IntervalSeconds,
    [property: Id(10)] DateTimeOffset FirstSeen,
    [property: Id(11)] DateTimeOffset? LastHeartbeat,
    [property: Id(12)] DateTimeOffset StateSince,
    [property: Id(13)] DateTimeOffset? LeaveDeadline,
    [property: Id(14)] DateTimeOffset? CloseDeadline,
    [property: Id(15)] SessionCounters Counters,
    [property: Id(16)] SessionTransitionView[] RecentTransitions)
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
