namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The persisted state of one session grain. Mutated only inside grain turns (by
/// <see cref="SessionStateMachine"/>); the "sessions" provider copies it when a write starts, inside a turn too.
/// </summary>
[GenerateSerializer]
[Alias("SessionGrid.SessionState")]
public sealed class SessionState
{
    [Id(0)]
    public string SessionId { get; set; } = "";

    /// <summary>0 until the first connection; each start after <c>closed</c> is a new incarnation.</summary>
    [Id(1)]
    public int Incarnation { get; set; }

    [Id(2)]
    public SessionStatus Status { get; set; }

    [Id(3)]
    public string StatusReason { get; set; } = "";

    /// <summary>When this incarnation started.</summary>
    [Id(4)]
    public DateTimeOffset FirstSeen { get; set; }

    [Id(5)]
    public DateTimeOffset StateSince { get; set; }

    [Id(6)]
    public DateTimeOffset? LastHeartbeat { get; set; }

    /// <summary>The miss clock's anchor: the last heartbeat or connection attach.</summary>
    [Id(7)]
    public DateTimeOffset LastActivity { get; set; }

    /// <summary>The interval this session runs with (policy default or the client's hello).</summary>
    [Id(8)]
    public TimeSpan Interval { get; set; }

    [Id(9)]
    public long HeartbeatsReceived { get; set; }

    /// <summary>Missed intervals of runs that have ended; the current run is computed from <see cref="LastActivity"/>.</summary>
    [Id(10)]
    public long MissedIntervalsCompleted { get; set; }

    [Id(11)]
    public long Leaves { get; set; }

    [Id(12)]
    public long Recoveries { get; set; }

    [Id(13)]
    public long Reconnects { get; set; }

    [Id(14)]
    public long ProtocolViolations { get; set; }

    [Id(15)]
    public long BytesIn { get; set; }

    /// <summary>Consecutive on-time heartbeats seen while in leave.</summary>
    [Id(16)]
    public int RecoveryStreak { get; set; }

    [Id(17)]
    public bool Connected { get; set; }

    /// <summary>
    /// A new connection attached while the session was in leave: its next live heartbeat brings the
    /// session back at once (a flag, not a timestamp comparison, so a reconnect in the same clock
    /// tick as the leave still counts).
    /// </summary>
    [Id(18)]
    public bool ReconnectedInLeave { get; set; }

    /// <summary>When the current (or last) connection attached.</summary>
    [Id(19)]
    public DateTimeOffset? ConnectedSince { get; set; }

    [Id(20)]
    public int ConnectionsThisIncarnation { get; set; }

    /// <summary>The client's <c>ip:port</c>; kept in the closed record.</summary>
    [Id(21)]
    public string? RemoteEndpoint { get; set; }

    [Id(22)]
    public long? Pid { get; set; }

    [Id(23)]
    public string? DeclaredIp { get; set; }

    [Id(24)]
    public string? OwnerSilo { get; set; }

    /// <summary>Incremented by every activation that claims the session; with the row version it fences stale owners.</summary>
    [Id(25)]
    public long OwnerEpoch { get; set; }

    /// <summary>Newest last, at most <see cref="HeartbeatPolicy.RecentTransitions"/>.</summary>
    [Id(26)]
    public List<SessionTransition> RecentTransitions { get; set; } = [];

    /// <summary>Transitions made so far under this session id; the last one's <see cref="SessionTransition.Seq"/>.</summary>
    [Id(27)]
    public long TransitionSeq { get; set; }

    /// <summary>
    /// Transitions not yet known to be durable. A store writes them (idempotently, by seq) in the same
    /// round trip as the row, so a transition and its event become durable together; the grain clears
    /// the list once its write-through has completed.
    /// </summary>
    [Id(28)]
    public List<SessionTransition> PendingEvents { get; set; } = [];

    /// <summary>
    /// Every field is a value, a string or a list of immutable <see cref="SessionTransition"/> records, so
    /// a field-wise copy with fresh lists shares nothing mutable. A serializer round trip of this state
    /// would cost more than the heartbeat whose counters it carries.
    /// </summary>
    public SessionState Copy()
    {
        var copy = (SessionState)MemberwiseClone();
        copy.RecentTransitions = [.. RecentTransitions];
        copy.PendingEvents = [.. PendingEvents];
        return copy;
    }
}
