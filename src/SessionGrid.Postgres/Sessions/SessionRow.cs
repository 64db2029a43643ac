using Npgsql;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// The one mapping between <see cref="SessionState"/> and a row of the <c>sessions</c> table, used by the
/// grain storage (read and write) and by the session query (read).
/// </summary>
/// <remarks>
/// <see cref="SessionState.PendingEvents"/> has no column: a write inserts them into <c>session_events</c>
/// in the same statement, so a state read back has none pending. <see cref="SessionState.SessionId"/>
/// reads back as the row key (the grain key). Interval is stored in whole milliseconds, times in
/// microseconds (PostgreSQL's precision).
/// </remarks>
internal static class SessionRow
{
    /// <summary>The columns <see cref="Read"/> expects, in its order; the last one is <c>version</c>.</summary>
    public const string SelectColumns =
        "session_id, incarnation, status, status_reason, first_seen, state_since, last_heartbeat, last_activity, " +
        "interval_ms, heartbeats_received, missed_intervals_completed, leaves, recoveries, reconnects, " +
        "protocol_violations, bytes_in, recovery_streak, connected, connected_since, connections_this_incarnation, " +
        "reconnected_in_leave, remote_endpoint, pid, declared_ip, owner_silo, owner_epoch, transition_seq, " +
        "recent_transitions::text, version";

    /// <summary>
    /// Every written column after <c>session_id</c>, with its SQL type, in the order
    /// <see cref="SessionRowBatch"/> adds its array parameters.
    /// </summary>
    public static readonly (string Name, string Type)[] WriteColumns =
    [
        ("incarnation", "integer"),
        ("status", "text"),
        ("status_reason", "text"),
        ("first_seen", "timestamptz"),
        ("state_since", "timestamptz"),
        ("last_heartbeat", "timestamptz"),
        ("last_activity", "timestamptz"),
        ("interval_ms", "bigint"),
        ("heartbeats_received", "bigint"),
        ("missed_intervals_completed", "bigint"),
        ("leaves", "bigint"),
        ("recoveries", "bigint"),
        ("reconnects", "bigint"),
        ("protocol_violations", "bigint"),
        ("bytes_in", "bigint"),
        ("recovery_streak", "integer"),
        ("connected", "boolean"),
        ("connected_since", "timestamptz"),
        ("connections_this_incarnation", "integer"),
        ("reconnected_in_leave", "boolean"),
        ("remote_endpoint", "text"),
        ("remote_ip", "inet"),
        ("remote_port", "integer"),
        ("pid", "bigint"),
        ("declared_ip", "text"),
        ("owner_silo", "text"),
        ("owner_epoch", "bigint"),
        ("transition_seq", "bigint"),
        ("recent_transitions", "jsonb"),
    ];

    /// <summary>Maps the current row of a reader over <see cref="SelectColumns"/>.</summary>
    public static SessionState Read(NpgsqlDataReader reader, out long version)
    {
        var i = 0;
        var state = new SessionState
        {
            SessionId = reader.GetString(i++),
            Incarnation = reader.GetInt32(i++),
            Status = TransitionJson.ParseStatus(reader.GetString(i++)),
            StatusReason = reader.GetString(i++),
            FirstSeen = reader.GetFieldValue<DateTimeOffset>(i++),
            StateSince = reader.GetFieldValue<DateTimeOffset>(i++),
            LastHeartbeat = NullableTime(reader, i++),
            LastActivity = reader.GetFieldValue<DateTimeOffset>(i++),
            Interval = TimeSpan.FromMilliseconds(reader.GetInt64(i++)),
            HeartbeatsReceived = reader.GetInt64(i++),
            MissedIntervalsCompleted = reader.GetInt64(i++),
            Leaves = reader.GetInt64(i++),
            Recoveries = reader.GetInt64(i++),
            Reconnects = reader.GetInt64(i++),
            ProtocolViolations = reader.GetInt64(i++),
            BytesIn = reader.GetInt64(i++),
            RecoveryStreak = reader.GetInt32(i++),
            Connected = reader.GetBoolean(i++),
            ConnectedSince = NullableTime(reader, i++),
            ConnectionsThisIncarnation = reader.GetInt32(i++),
            ReconnectedInLeave = reader.GetBoolean(i++),
            RemoteEndpoint = NullableString(reader, i++),
            Pid = NullableInt64(reader, i++),
            DeclaredIp = NullableString(reader, i++),
            OwnerSilo = NullableString(reader, i++),
            OwnerEpoch = reader.GetInt64(i++),
            TransitionSeq = reader.GetInt64(i++),
            RecentTransitions = TransitionJson.Read(reader.GetString(i++)),
        };
        version = reader.GetInt64(i);
        return state;
    }

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static long? NullableInt64(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static string? NullableString(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
