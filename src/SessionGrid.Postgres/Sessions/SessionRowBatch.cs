using System.Net;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// Session rows and their pending events in one statement: update or insert the <c>sessions</c> rows from
/// array parameters, and insert the events of the rows that were written into <c>session_events</c>
/// (idempotent by (session_id, seq)), so a transition and its event become durable together or not at all.
/// </summary>
internal sealed class SessionRowBatch : StateRowBatch
{
    internal static readonly string Sql = BuildSql();

    private readonly string[] _ids;
    private readonly long?[] _expected;
    private readonly int[] _incarnation;
    private readonly string[] _status;
    private readonly string[] _statusReason;
    private readonly DateTimeOffset[] _firstSeen;
    private readonly DateTimeOffset[] _stateSince;
    private readonly DateTimeOffset?[] _lastHeartbeat;
    private readonly DateTimeOffset[] _lastActivity;
    private readonly long[] _intervalMs;
    private readonly long[] _heartbeats;
    private readonly long[] _missed;
    private readonly long[] _leaves;
    private readonly long[] _recoveries;
    private readonly long[] _reconnects;
    private readonly long[] _violations;
    private readonly long[] _bytesIn;
    private readonly int[] _recoveryStreak;
    private readonly bool[] _connected;
    private readonly DateTimeOffset?[] _connectedSince;
    private readonly int[] _connections;
    private readonly bool[] _reconnectedInLeave;
    private readonly string?[] _remoteEndpoint;
    private readonly IPAddress?[] _remoteIp;
    private readonly int?[] _remotePort;
    private readonly long?[] _pid;
    private readonly string?[] _declaredIp;
    private readonly string?[] _ownerSilo;
    private readonly long[] _ownerEpoch;
    private readonly long[] _transitionSeq;
    private readonly string[] _recentTransitions;

    private readonly List<string> _eventSession = [];
    private readonly List<long> _eventSeq = [];
    private readonly List<int> _eventIncarnation = [];
    private readonly List<DateTimeOffset> _eventTime = [];
    private readonly List<string?> _eventFrom = [];
    private readonly List<string> _eventTo = [];
    private readonly List<string> _eventReason = [];
    private readonly List<string?> _eventSilo = [];
    private readonly List<string?> _eventActor = [];
    private readonly List<string?> _eventNote = [];

    public SessionRowBatch(int capacity)
        : base(capacity)
    {
        _ids = new string[capacity];
        _expected = new long?[capacity];
        _incarnation = new int[capacity];
        _status = new string[capacity];
        _statusReason = new string[capacity];
        _firstSeen = new DateTimeOffset[capacity];
        _stateSince = new DateTimeOffset[capacity];
        _lastHeartbeat = new DateTimeOffset?[capacity];
        _lastActivity = new DateTimeOffset[capacity];
        _intervalMs = new long[capacity];
        _heartbeats = new long[capacity];
        _missed = new long[capacity];
        _leaves = new long[capacity];
        _recoveries = new long[capacity];
        _reconnects = new long[capacity];
        _violations = new long[capacity];
        _bytesIn = new long[capacity];
        _recoveryStreak = new int[capacity];
        _connected = new bool[capacity];
        _connectedSince = new DateTimeOffset?[capacity];
        _connections = new int[capacity];
        _reconnectedInLeave = new bool[capacity];
        _remoteEndpoint = new string?[capacity];
        _remoteIp = new IPAddress?[capacity];
        _remotePort = new int?[capacity];
        _pid = new long?[capacity];
        _declaredIp = new string?[capacity];
        _ownerSilo = new string?[capacity];
        _ownerEpoch = new long[capacity];
        _transitionSeq = new long[capacity];
        _recentTransitions = new string[capacity];
    }

    /// <summary>Adds a row; <paramref name="sessionId"/> is the grain key, the row's primary key.</summary>
    public void Add(SessionStateWrite write, SessionState state, string sessionId, long? expectedVersion)
    {
        var i = Count;
        AddWrite(write);
        _ids[i] = sessionId;
        _expected[i] = expectedVersion;
        _incarnation[i] = state.Incarnation;
        _status[i] = state.Status.ToWire();
        _statusReason[i] = state.StatusReason;
        _firstSeen[i] = Utc(state.FirstSeen);
        _stateSince[i] = Utc(state.StateSince);
        _lastHeartbeat[i] = Utc(state.LastHeartbeat);
        _lastActivity[i] = Utc(state.LastActivity);
        _intervalMs[i] = state.Interval.Ticks / TimeSpan.TicksPerMillisecond;
        _heartbeats[i] = state.HeartbeatsReceived;
        _missed[i] = state.MissedIntervalsCompleted;
        _leaves[i] = state.Leaves;
        _recoveries[i] = state.Recoveries;
        _reconnects[i] = state.Reconnects;
        _violations[i] = state.ProtocolViolations;
        _bytesIn[i] = state.BytesIn;
        _recoveryStreak[i] = state.RecoveryStreak;
        _connected[i] = state.Connected;
        _connectedSince[i] = Utc(state.ConnectedSince);
        _connections[i] = state.ConnectionsThisIncarnation;
        _reconnectedInLeave[i] = state.ReconnectedInLeave;
        _remoteEndpoint[i] = state.RemoteEndpoint;
        RemoteEndpointParser.TryParse(state.RemoteEndpoint, out _remoteIp[i], out _remotePort[i]);
        _pid[i] = state.Pid;
        _declaredIp[i] = state.DeclaredIp;
        _ownerSilo[i] = state.OwnerSilo;
        _ownerEpoch[i] = state.OwnerEpoch;
        _transitionSeq[i] = state.TransitionSeq;
        _recentTransitions[i] = TransitionJson.Write(state.RecentTransitions);

        foreach (var transition in state.PendingEvents)
        {
            _eventSession.Add(sessionId);
            _eventSeq.Add(transition.Seq);
            _eventIncarnation.Add(transition.Incarnation);
            _eventTime.Add(Utc(transition.Time));
            _eventFrom.Add(transition.From?.ToWire());
            _eventTo.Add(transition.To.ToWire());
            _eventReason.Add(transition.Reason);
            _eventSilo.Add(state.OwnerSilo);
            _eventActor.Add(transition.Actor);
            _eventNote.Add(transition.Note);
        }
    }

    /// <summary>
    /// True when a string of the row holds a NUL character, which PostgreSQL text and jsonb reject: such a
    /// row would fail every batch it is in, so the storage turns it away before sending.
    /// </summary>
    public static bool HasUnstorableText(SessionState state, string sessionId)
    {
        if (HasNul(sessionId) || HasNul(state.StatusReason) || HasNul(state.RemoteEndpoint) || HasNul(state.DeclaredIp) || HasNul(state.OwnerSilo))
        {
            return true;
        }

        foreach (var transition in state.RecentTransitions)
        {
            if (HasNul(transition.Reason) || HasNul(transition.Actor) || HasNul(transition.Note))
            {
                return true;
            }
        }

        foreach (var transition in state.PendingEvents)
        {
            if (HasNul(transition.Reason) || HasNul(transition.Actor) || HasNul(transition.Note))
            {
                return true;
            }
        }

        return false;

        static bool HasNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);
    }

    public override NpgsqlBatchCommand CreateCommand()
    {
        var n = Count;
        var command = new NpgsqlBatchCommand(Sql);
        var p = command.Parameters;
        p.Add(Array(Trim(_ids, n), NpgsqlDbType.Text));
        p.Add(Array(Trim(_expected, n), NpgsqlDbType.Bigint));

        // In the order of SessionRow.WriteColumns.
        p.Add(Array(Trim(_incarnation, n), NpgsqlDbType.Integer));
        p.Add(Array(Trim(_status, n), NpgsqlDbType.Text));
        p.Add(Array(Trim(_statusReason, n), NpgsqlDbType.Text));
        p.Add(Array(Trim(_firstSeen, n), NpgsqlDbType.TimestampTz));
        p.Add(Array(Trim(_stateSince, n), NpgsqlDbType.TimestampTz));
        p.Add(Array(Trim(_lastHeartbeat, n), NpgsqlDbType.TimestampTz));
        p.Add(Array(Trim(_lastActivity, n), NpgsqlDbType.TimestampTz));
        p.Add(Array(Trim(_intervalMs, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_heartbeats, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_missed, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_leaves, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_recoveries, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_reconnects, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_violations, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_bytesIn, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_recoveryStreak, n), NpgsqlDbType.Integer));
        p.Add(Array(Trim(_connected, n), NpgsqlDbType.Boolean));
        p.Add(Array(Trim(_connectedSince, n), NpgsqlDbType.TimestampTz));
        p.Add(Array(Trim(_connections, n), NpgsqlDbType.Integer));
        p.Add(Array(Trim(_reconnectedInLeave, n), NpgsqlDbType.Boolean));
        p.Add(Array(Trim(_remoteEndpoint, n), NpgsqlDbType.Text));
        p.Add(Array(Trim(_remoteIp, n), NpgsqlDbType.Inet));
        p.Add(Array(Trim(_remotePort, n), NpgsqlDbType.Integer));
        p.Add(Array(Trim(_pid, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_declaredIp, n), NpgsqlDbType.Text));
        p.Add(Array(Trim(_ownerSilo, n), NpgsqlDbType.Text));
        p.Add(Array(Trim(_ownerEpoch, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_transitionSeq, n), NpgsqlDbType.Bigint));
        p.Add(Array(Trim(_recentTransitions, n), NpgsqlDbType.Jsonb));

        p.Add(Array(_eventSession.ToArray(), NpgsqlDbType.Text));
        p.Add(Array(_eventSeq.ToArray(), NpgsqlDbType.Bigint));
        p.Add(Array(_eventIncarnation.ToArray(), NpgsqlDbType.Integer));
        p.Add(Array(_eventTime.ToArray(), NpgsqlDbType.TimestampTz));
        p.Add(Array(_eventFrom.ToArray(), NpgsqlDbType.Text));
        p.Add(Array(_eventTo.ToArray(), NpgsqlDbType.Text));
        p.Add(Array(_eventReason.ToArray(), NpgsqlDbType.Text));
        p.Add(Array(_eventSilo.ToArray(), NpgsqlDbType.Text));
        p.Add(Array(_eventActor.ToArray(), NpgsqlDbType.Text));
        p.Add(Array(_eventNote.ToArray(), NpgsqlDbType.Text));
        return command;
    }

    // Npgsql only writes DateTimeOffset values with offset zero to timestamptz.
    private static DateTimeOffset Utc(DateTimeOffset value) => value.Offset == TimeSpan.Zero ? value : value.ToUniversalTime();

    private static DateTimeOffset? Utc(DateTimeOffset? value) => value is { } v ? Utc(v) : null;

    private static T[] Trim<T>(T[] values, int count) => count == values.Length ? values : values[..count];

    private static string BuildSql()
    {
        var columns = SessionRow.WriteColumns;
        var sql = new StringBuilder();
        sql.Append("WITH v AS (\n    SELECT * FROM unnest($1::text[], $2::bigint[]");
        for (var i = 0; i < columns.Length; i++)
        {
            sql.Append(", $").Append(i + 3).Append("::").Append(columns[i].Type).Append("[]");
        }

        sql.Append(") WITH ORDINALITY\n        AS v(session_id, expected");
        foreach (var (name, _) in columns)
        {
            sql.Append(", ").Append(name);
        }

        sql.Append(", ord)\n),\nupd AS (\n    UPDATE sessions AS s SET ");
        foreach (var (name, _) in columns)
        {
            sql.Append(name).Append(" = v.").Append(name).Append(", ");
        }

        sql.Append("version = v.expected + 1, updated_at = now()\n    FROM v\n");
        sql.Append("    WHERE v.expected IS NOT NULL AND s.session_id = v.session_id AND s.version = v.expected\n");
        sql.Append("    RETURNING s.session_id, s.version\n),\nins AS (\n    INSERT INTO sessions (session_id");
        foreach (var (name, _) in columns)
        {
            sql.Append(", ").Append(name);
        }

        sql.Append(", version)\n    SELECT v.session_id");
        foreach (var (name, _) in columns)
        {
            sql.Append(", v.").Append(name);
        }

        var e = columns.Length + 3;
        sql.Append(", 1 FROM v WHERE v.expected IS NULL\n    ON CONFLICT (session_id) DO NOTHING\n    RETURNING session_id, version\n),\n");
        sql.Append("written AS (\n    SELECT session_id, version FROM upd UNION ALL SELECT session_id, version FROM ins\n),\n");
        sql.Append("events AS (\n    INSERT INTO session_events (session_id, seq, incarnation, time, from_status, to_status, reason, silo, actor, note)\n");
        sql.Append("    SELECT e.session_id, e.seq, e.incarnation, e.time, e.from_status, e.to_status, e.reason, e.silo, e.actor, e.note\n");
        sql.Append($"    FROM unnest(${e}::text[], ${e + 1}::bigint[], ${e + 2}::integer[], ${e + 3}::timestamptz[], ${e + 4}::text[], ${e + 5}::text[], ${e + 6}::text[], ${e + 7}::text[], ${e + 8}::text[], ${e + 9}::text[])\n");
        sql.Append("        AS e(session_id, seq, incarnation, time, from_status, to_status, reason, silo, actor, note)\n");
        sql.Append("    WHERE e.session_id IN (SELECT session_id FROM written)\n");
        sql.Append("    ON CONFLICT (session_id, seq) DO NOTHING\n)\n");

        // Every CTE and this select see the table as it was before the statement: s.version is the stored
        // version of a row that was not written, and the row comparison spots a replayed write. An insert
        // counts only when it names its owner: the (owner_silo, owner_epoch) of a claim is unique, so an
        // equal row at version 1 is that very insert, committed by an attempt whose answer was lost.
        sql.Append("SELECT v.ord, w.version, s.version,\n    w.version IS NULL AND (v.expected IS NOT NULL OR v.owner_silo IS NOT NULL)\n");
        sql.Append("    AND s.version = COALESCE(v.expected, 0) + 1\n    AND (");
        sql.AppendJoin(", ", columns.Select(static c => "s." + c.Name));
        sql.Append(") IS NOT DISTINCT FROM (");
        sql.AppendJoin(", ", columns.Select(static c => "v." + c.Name));
        sql.Append(")\nFROM v\nLEFT JOIN written AS w ON w.session_id = v.session_id\n");
        sql.Append("LEFT JOIN sessions AS s ON s.session_id = v.session_id\nORDER BY v.ord");
        return sql.ToString();
    }
}
