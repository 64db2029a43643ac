namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The PROTOCOL.md state table as pure functions of (state, event, time): no timers, no I/O, so every
/// row and boundary is testable with plain values. Each method returns the transition it made, or null.
/// </summary>
public sealed class SessionStateMachine(HeartbeatPolicy policy)
{
    public HeartbeatPolicy Policy { get; } = policy;

    /// <summary>
    /// A connection attached. Starts a new incarnation when there is none or the last one is closed;
    /// otherwise counts a reconnect. A session in leave stays there until a heartbeat arrives.
    /// </summary>
    public SessionTransition? OnConnectionAttached(SessionState state, DateTimeOffset now, string sessionId, string remoteEndpoint, TimeSpan interval, bool resumed = false)
    {
        SessionTransition? transition = null;
        if (state.Incarnation == 0 || state.Status == SessionStatus.Closed)
        {
            StartIncarnation(state, now, sessionId);
            transition = Record(state, now, null, SessionStatus.Live, TransitionReasons.Connected);
        }
        else if (resumed)
        {
            // The same socket again (a new activation, or a second hello): not a reconnect.
            state.Connected = true;
            state.Interval = interval;
            return null;
        }
        else
        {
            state.MissedIntervalsCompleted += MissedIntervals(state, now);
            if (state.ConnectionsThisIncarnation > 0)
            {
                state.Reconnects++;
            }

            state.ReconnectedInLeave = state.Status == SessionStatus.Leave;
        }

        state.ConnectionsThisIncarnation++;
        state.Connected = true;
        state.ConnectedSince = now;
        state.RemoteEndpoint = remoteEndpoint;
        state.Interval = interval;
        state.LastActivity = now;
        return transition;
    }

    /// <summary>A heartbeat arrived on the attached connection.</summary>
    public SessionTransition? OnHeartbeat(SessionState state, DateTimeOffset now, ClientDeclaredStatus declared)
    {
        if (state.Status == SessionStatus.Closed)
        {
            return null;
        }

        var gap = now - state.LastActivity;
        state.MissedIntervalsCompleted += MissedIntervals(state, now);
        state.HeartbeatsReceived++;
        state.LastHeartbeat = now;
        state.LastActivity = now;

        switch (declared)
        {
            case ClientDeclaredStatus.Close:
                return Move(state, now, SessionStatus.Closed, TransitionReasons.ClientClosed);
            case ClientDeclaredStatus.Leave:
                state.RecoveryStreak = 0;
                return state.Status == SessionStatus.Live ? Move(state, now, SessionStatus.Leave, TransitionReasons.ClientLeave) : null;
        }

        if (state.Status != SessionStatus.Leave)
        {
            return null;
        }

        if (state.ReconnectedInLeave)
        {
            return Recover(state, now, TransitionReasons.Reconnected);
        }

        // The heartbeat that ends a silence is late by definition, so it only anchors the streak.
        state.RecoveryStreak = gap <= state.Interval * 1.5 ? state.RecoveryStreak + 1 : 0;
        return state.RecoveryStreak >= Policy.RecoveryHeartbeats ? Recover(state, now, TransitionReasons.Recovered) : null;
    }

    /// <summary>The miss timer fired: leave when the silence has reached MissThreshold x Interval.</summary>
    public SessionTransition? OnMissDeadline(SessionState state, DateTimeOffset now)
        => state.Status == SessionStatus.Live && now >= MissDeadline(state)
            ? Move(state, now, SessionStatus.Leave, TransitionReasons.HeartbeatTimeout)
            : null;

    /// <summary>The attached connection is gone; <paramref name="reason"/> says how.</summary>
    public SessionTransition? OnConnectionLost(SessionState state, DateTimeOffset now, string reason)
    {
        state.Connected = false;
        return state.Status == SessionStatus.Live ? Move(state, now, SessionStatus.Leave, reason) : null;
    }

    /// <summary>The leave reminder fired: close when the session has been in leave for LeaveTimeout.</summary>
    public SessionTransition? OnLeaveTimeout(SessionState state, DateTimeOffset now)
        => state.Status == SessionStatus.Leave && now >= LeaveDeadline(state)
            ? Move(state, now, SessionStatus.Closed, TransitionReasons.LeaveTimeout)
            : null;

    /// <summary>Closes a live or leave session (client bye, operator kick); <paramref name="actor"/> and <paramref name="note"/> say who and why when a person did.</summary>
    public SessionTransition? Close(SessionState state, DateTimeOffset now, string reason, string? actor = null, string? note = null)
        => state.Status == SessionStatus.Closed || state.Incarnation == 0 ? null : Move(state, now, SessionStatus.Closed, reason, actor, note);

    public DateTimeOffset MissDeadline(SessionState state) => state.LastActivity + Policy.LeaveAfter(state.Interval);

    public DateTimeOffset LeaveDeadline(SessionState state) => state.StateSince + Policy.LeaveTimeout;

    /// <summary>
    /// Missed intervals of the current run. A heartbeat counts as missed once it is more than half an
    /// interval late, the same tolerance as the recovery rule (gap &lt;= 1.5 x Interval is on time).
    /// </summary>
    public static long MissedIntervals(SessionState state, DateTimeOffset now)
    {
        if (state.Status == SessionStatus.Closed || state.Interval <= TimeSpan.Zero)
        {
            return 0;
        }

        var gap = now - state.LastActivity;
        return gap <= state.Interval * 1.5 ? 0 : (long)((gap - state.Interval * 0.5) / state.Interval);
    }

    private static void StartIncarnation(SessionState state, DateTimeOffset now, string sessionId)
    {
        state.SessionId = sessionId;
        state.Incarnation++;
        state.FirstSeen = now;
        state.LastHeartbeat = null;
        state.HeartbeatsReceived = state.MissedIntervalsCompleted = state.Leaves = state.Recoveries = 0;
        state.Reconnects = state.ProtocolViolations = state.BytesIn = 0;
        state.RecoveryStreak = state.ConnectionsThisIncarnation = 0;
        state.ReconnectedInLeave = false;
        state.Pid = null;
        state.DeclaredIp = null;
    }

    private SessionTransition Recover(SessionState state, DateTimeOffset now, string reason)
    {
        state.Recoveries++;
        return Move(state, now, SessionStatus.Live, reason);
    }

    private SessionTransition Move(SessionState state, DateTimeOffset now, SessionStatus to, string reason, string? actor = null, string? note = null)
    {
        var from = state.Status;
        if (to == SessionStatus.Leave)
        {
            state.Leaves++;
        }

        state.RecoveryStreak = 0;
        state.ReconnectedInLeave = false;
        return Record(state, now, from, to, reason, actor, note);
    }

    private SessionTransition Record(SessionState state, DateTimeOffset now, SessionStatus? from, SessionStatus to, string reason, string? actor = null, string? note = null)
    {
        state.Status = to;
        state.StatusReason = reason;
        state.StateSince = now;
        var transition = new SessionTransition(now, from, to, reason, state.Incarnation, ++state.TransitionSeq, actor, note);
        state.PendingEvents.Add(transition);
        var recent = state.RecentTransitions;
        if (recent.Count >= Policy.RecentTransitions)
        {
            recent.RemoveRange(0, recent.Count - Policy.RecentTransitions + 1);
        }

        recent.Add(transition);
        return transition;
    }
}
