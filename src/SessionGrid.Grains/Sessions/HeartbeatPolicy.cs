namespace SessionGrid.Grains.Sessions;

/// <summary>
/// When a session goes from live to leave, back to live, and to closed. Bound from the
/// <c>HeartbeatPolicy</c> configuration section and validated at start-up.
/// </summary>
public sealed class HeartbeatPolicy
{
    public const string SectionName = "HeartbeatPolicy";

    /// <summary>Expected time between heartbeats. Default 10 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Missed intervals (no heartbeat for MissThreshold x Interval) before live -> leave. Default 3.</summary>
    public int MissThreshold { get; set; } = 3;

    /// <summary>Consecutive on-time heartbeats (gap &lt;= 1.5 x Interval) that bring leave back to live. Default 3.</summary>
    public int RecoveryHeartbeats { get; set; } = 3;

    /// <summary>How long a session stays in leave before it is closed and its client kicked. Default 30 min.</summary>
    public TimeSpan LeaveTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether a client's <c>hello.interval</c> replaces <see cref="Interval"/> for its session. Default true.</summary>
    public bool AcceptClientInterval { get; set; } = true;

    /// <summary>Smallest interval a client may ask for in hello. Default 1 s.</summary>
    public TimeSpan MinClientInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest interval a client may ask for in hello. Default 10 min.</summary>
    public TimeSpan MaxClientInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Transitions kept in a session's snapshot. Default 32.</summary>
    public int RecentTransitions { get; set; } = 32;

    /// <summary>Silence after which a live session leaves, for a given interval.</summary>
    public TimeSpan LeaveAfter(TimeSpan interval) => interval * MissThreshold;

    /// <summary>The interval a session runs with, given what its client asked for (null: nothing asked).</summary>
    public TimeSpan EffectiveInterval(int? requestedSeconds)
    {
        if (!AcceptClientInterval || requestedSeconds is not { } seconds)
        {
            return Interval;
        }

        var requested = TimeSpan.FromSeconds(seconds);
        return requested < MinClientInterval ? MinClientInterval
            : requested > MaxClientInterval ? MaxClientInterval
            : requested;
    }
}
