using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Sessions;

namespace SessionGrid.Postgres.Tests.Sessions;

public sealed class SessionRowMappingTests
{
    // Where each SessionState property lives in PostgreSQL. A new property fails this test until it is
    // given a column (a new migration) and mapped in SessionRow and SessionRowBatch.
    private static readonly Dictionary<string, string> Mapped = new()
    {
        [nameof(SessionState.SessionId)] = "session_id",
        [nameof(SessionState.Incarnation)] = "incarnation",
        [nameof(SessionState.Status)] = "status",
        [nameof(SessionState.StatusReason)] = "status_reason",
        [nameof(SessionState.FirstSeen)] = "first_seen",
        [nameof(SessionState.StateSince)] = "state_since",
        [nameof(SessionState.LastHeartbeat)] = "last_heartbeat",
        [nameof(SessionState.LastActivity)] = "last_activity",
        [nameof(SessionState.Interval)] = "interval_ms",
        [nameof(SessionState.HeartbeatsReceived)] = "heartbeats_received",
        [nameof(SessionState.MissedIntervalsCompleted)] = "missed_intervals_completed",
        [nameof(SessionState.Leaves)] = "leaves",
        [nameof(SessionState.Recoveries)] = "recoveries",
        [nameof(SessionState.Reconnects)] = "reconnects",
        [nameof(SessionState.ProtocolViolations)] = "protocol_violations",
        [nameof(SessionState.BytesIn)] = "bytes_in",
        [nameof(SessionState.RecoveryStreak)] = "recovery_streak",
        [nameof(SessionState.Connected)] = "connected",
        [nameof(SessionState.ReconnectedInLeave)] = "reconnected_in_leave",
        [nameof(SessionState.ConnectedSince)] = "connected_since",
        [nameof(SessionState.ConnectionsThisIncarnation)] = "connections_this_incarnation",
        [nameof(SessionState.RemoteEndpoint)] = "remote_endpoint",
        [nameof(SessionState.Pid)] = "pid",
        [nameof(SessionState.DeclaredIp)] = "declared_ip",
        [nameof(SessionState.OwnerSilo)] = "owner_silo",
        [nameof(SessionState.OwnerEpoch)] = "owner_epoch",
        [nameof(SessionState.RecentTransitions)] = "recent_transitions",
        [nameof(SessionState.TransitionSeq)] = "transition_seq",
        [nameof(SessionState.PendingEvents)] = "session_events",
    };

    [Fact]
    public void SessionState_EveryProperty_HasAColumn()
    {
        var properties = typeof(SessionState).GetProperties().Select(static p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(Mapped.Keys.Order(StringComparer.Ordinal), properties);
    }

    [Fact]
    public void SessionRow_WriteAndSelectColumns_CoverEveryMappedColumn()
    {
        var written = SessionRow.WriteColumns.Select(static c => c.Name).Append("session_id").ToHashSet();
        var selected = SessionRow.SelectColumns.Split(',', StringSplitOptions.TrimEntries).Select(static c => c.Replace("::text", "", StringComparison.Ordinal)).ToHashSet();

        foreach (var column in Mapped.Values.Where(static c => c != "session_events"))
        {
            Assert.Contains(column, written);
            Assert.Contains(column, selected);
        }
    }
}
