using SessionGrid.Runtime.Storage;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The persisted state of one session grain. Mutated only inside grain turns (by
/// <see cref="SessionStateMachine"/>); the flusher snapshots it inside a turn too.
/// </summary>
public sealed class SessionState : IDeepCopyable
{
    public string SessionId { get; set; } = "";

    /// <summary>0 until the first connection; each start after <c>closed</c> is a new incarnation.</summary>
    public int Incarnation { get; set; }

    public SessionStatus Status { get; set; }

    public string StatusReason { get; set; } = "";

    /// <summary>When this incarnation started.</summary>
    public DateTimeOffset FirstSeen { get; set; }

    public DateTimeOffset StateSince { get; set; }

    public DateTimeOffset? LastHeartbeat { get; set; }

    /// <summary>The miss clock's anchor: the last heartbeat or connection attach.</summary>
    public DateTimeOffset LastActivity { get; set; }

    /// <summary>The interval this session runs with (policy default or the client's hello).</summary>
    public TimeSpan Interval { get; set; }

    public long HeartbeatsReceived { get; set; }

    /// <summary>Missed intervals of runs that have ended; the current run is computed from <see cref="LastActivity"/>.</summary>
    public long MissedIntervalsCompleted { get; set; }

    public long Leaves { get; set; }

    public long Recoveries { get; set; }

    public long Reconnects { get; set; }

    public long ProtocolViolations { get; set; }

    public long BytesIn { get; set; }

    /// <summary>Consecutive on-time heartbeats seen while in leave.</summary>
    public int RecoveryStreak { get; set; }

    public bool Connected { get; set; }

    /// <summary>
    /// A new connection attached while the session was in leave: its next live heartbeat brings the
    /// session back at once (a flag, not a timestamp comparison, so a reconnect in the same clock
    /// tick as the leave still counts).
    /// </summary>
    public bool ReconnectedInLeave { get; set; }

    /// <summary>When the current (or last) connection attached.</summary>
    public DateTimeOffset? ConnectedSince { get; set; }

    public int ConnectionsThisIncarnation { get; set; }

    /// <summary>The client's <c>ip:port</c>; kept in the closed record.</summary>
    public string? RemoteEndpoint { get; set; }

    public long? Pid { get; set; }

    public string? DeclaredIp { get; set; }

    public string? OwnerSilo { get; set; }

    /// <summary>Incremented by every activation that claims the session; with the row version it fences stale owners.</summary>
    public long OwnerEpoch { get; set; }

    /// <summary>Newest last, at most <see cref="HeartbeatPolicy.RecentTransitions"/>.</summary>
    public List<SessionTransition> RecentTransitions { get; set; } = [];

    /// <summary>Transitions made so far under this session id; the last one's <see cref="SessionTransition.Seq"/>.</summary>
    public long TransitionSeq { get; set; }

    /// <summary>
    /// Transitions not yet known to be durable. A store writes them (idempotently, by seq) in the same
    /// round trip as the row, so a transition and its event become durable together; the grain clears
    /// the list once its write-through has completed.
    /// </summary>
    public List<SessionTransition> PendingEvents { get; set; } = [];

    /// <summary>
    /// Every field is a value, a string or a list of immutable <see cref="SessionTransition"/> records, so
    /// a field-wise copy with fresh lists shares nothing mutable. A JSON round trip of this state cost the
    /// flusher more than the heartbeat it snapshots.
    /// </summary>
    public object DeepCopy()
    {
        var copy = (SessionState)MemberwiseClone();
        copy.RecentTransitions = [.. RecentTransitions];
        copy.PendingEvents = [.. PendingEvents];
        return copy;
    }
}
