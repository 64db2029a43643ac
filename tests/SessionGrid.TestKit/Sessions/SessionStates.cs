using SessionGrid.Grains.Sessions;

namespace SessionGrid.TestKit.Sessions;

/// <summary>Session states with a distinct value in every field, so a column mapped to the wrong field shows.</summary>
public static class SessionStates
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string NewId() => "s-" + Guid.NewGuid().ToString("N");

    public static SessionState Full(string sessionId, SessionStatus status = SessionStatus.Leave, string? remoteEndpoint = "10.1.2.3:4567")
    {
        var start = new SessionTransition(T0, null, SessionStatus.Live, "connected", 2, 7);
        var leave = new SessionTransition(T0.AddSeconds(40), SessionStatus.Live, SessionStatus.Leave, "missed-heartbeats", 2, 8);
        return new SessionState
        {
            SessionId = sessionId,
            Incarnation = 2,
            Status = status,
            StatusReason = "missed-heartbeats",
            FirstSeen = T0,
            StateSince = T0.AddSeconds(40),
            LastHeartbeat = T0.AddTicks(101_234_560), // 10.123456 s: microseconds survive
            LastActivity = T0.AddSeconds(11),
            Interval = TimeSpan.FromSeconds(10),
            HeartbeatsReceived = 101,
            MissedIntervalsCompleted = 102,
            Leaves = 103,
            Recoveries = 104,
            Reconnects = 105,
            ProtocolViolations = 106,
            BytesIn = 107,
            RecoveryStreak = 3,
            Connected = true,
            ConnectedSince = T0.AddSeconds(1),
            ConnectionsThisIncarnation = 4,
            ReconnectedInLeave = true,
            RemoteEndpoint = remoteEndpoint,
            Pid = 4242,
            DeclaredIp = "192.168.0.9",
            OwnerSilo = "silo-a",
            OwnerEpoch = 5,
            TransitionSeq = 8,
            RecentTransitions = [start, leave],
            PendingEvents = [start, leave],
        };
    }
}
