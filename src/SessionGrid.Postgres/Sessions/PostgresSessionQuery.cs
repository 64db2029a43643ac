using System.Text;
using Npgsql;
using NpgsqlTypes;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// <see cref="ISessionQuery"/> over the <c>sessions</c> table: one parameterised statement per page,
/// ordered by (sort value, session_id) and started after the cursor's row by a row comparison, so each
/// order walks its index from migration 0004 and a deep page costs what the first one does.
/// </summary>
/// <remarks>
/// The statement is assembled from fixed fragments; every value is a parameter. Rows are in byte order of
/// <c>session_id</c> (its column is <c>COLLATE "C"</c> since migration 0002), the in-memory query's ordinal
/// order, and a missing last heartbeat sorts as <c>-infinity</c>, the in-memory query's "no key is smallest".
/// </remarks>
public sealed class PostgresSessionQuery : ISessionQuery
{
    private const string CountSql = "SELECT owner_silo, status, count(*) FROM sessions GROUP BY owner_silo, status";

    private const string HeartbeatKey = "coalesce(last_heartbeat, '-infinity'::timestamptz)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SessionStateMachine _machine;
    private readonly TimeProvider _time;

    public PostgresSessionQuery(NpgsqlDataSource dataSource, SessionStateMachine machine, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(time);
        _dataSource = dataSource;
        _machine = machine;
        _time = time;
    }

    public async ValueTask<SessionListPage> ListAsync(SessionListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, SessionListQuery.MaxLimit);
        await using var command = _dataSource.CreateCommand();
        command.CommandText = BuildListSql(query, command.Parameters);

        var rows = new List<SessionState>(Math.Min(query.Limit + 1, 1024));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(SessionRow.Read(reader, out _));
            }
        }

        // One row more than the page says whether there is a next page.
        string? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = SessionListCursor.Encode(query, query.PositionOf(rows[^1]));
        }

        var now = _time.GetUtcNow();
        return new SessionListPage(rows.ConvertAll(state => SessionSnapshot.From(state, _machine, now)), next);
    }

    public async ValueTask<SessionCounts> CountAsync(CancellationToken cancellationToken)
    {
        var groups = new List<(string?, string, long)>();
        await using var command = _dataSource.CreateCommand(CountSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            groups.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return SessionCounts.From(groups);
    }

    /// <summary>The page's statement; adds its parameters to <paramref name="parameters"/> ($1 is the row count).</summary>
    internal static string BuildListSql(SessionListQuery query, NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });
        var where = new List<string>();
        if (query.Status is { } status)
        {
            where.Add("status = " + Add(parameters, status.ToWire()));
        }

        if (query.OwnerSilo is { } silo)
        {
            // A silo name takes its every generation: owner values "name/...", which in byte order (owner_silo is
            // COLLATE "C" since migration 0005) are the range ["name/", "name0"), '0' being the byte after '/'.
            // A range, not LIKE, so that the (owner_silo, session_id) index serves it whatever the name holds.
            where.Add(SessionOwner.IsSiloName(silo)
                ? $"owner_silo >= {Add(parameters, silo + SessionOwner.NameSeparator)} AND owner_silo < {Add(parameters, silo + (char)(SessionOwner.NameSeparator + 1))}"
                : "owner_silo = " + Add(parameters, silo));
        }

        if (query.Ip is { } ip)
        {
            where.Add("remote_ip <<= " + Add(parameters, ip.ToString()) + "::inet");
        }

        if (query.IdPrefix is { } prefix)
        {
            where.Add("session_id LIKE " + Add(parameters, LikePrefix(prefix)));
        }

        // Each bound twice: on the column (which also drops sessions without a heartbeat) and on the sort
        // expression, so a list sorted by last heartbeat starts and stops its index walk at the bounds
        // instead of filtering its way there.
        if (query.HeartbeatBefore is { } before)
        {
            var value = AddTime(parameters, before);
            where.Add($"last_heartbeat < {value} AND {HeartbeatKey} < {value}");
        }

        if (query.HeartbeatAfter is { } after)
        {
            var value = AddTime(parameters, after);
            where.Add($"last_heartbeat >= {value} AND {HeartbeatKey} >= {value}");
        }

        var key = query.Sort switch
        {
            SessionSort.Id => null,
            SessionSort.LastHeartbeat => HeartbeatKey,
            SessionSort.StateSince => "state_since",
            SessionSort.Heartbeats => "heartbeats_received",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, null),
        };
        var direction = query.Direction == SortDirection.Asc ? "ASC" : "DESC";
        var comparison = query.Direction == SortDirection.Asc ? ">" : "<";
        if (query.After is { } after2)
        {
            var id = Add(parameters, after2.SessionId);
            where.Add(key is null
                ? $"session_id {comparison} {id}"
                : $"({key}, session_id) {comparison} ({CursorValue(query.Sort, after2.Key, parameters)}, {id})");
        }

        var sql = new StringBuilder("SELECT ").Append(SessionRow.SelectColumns).Append(" FROM sessions");
        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        sql.Append(" ORDER BY ");
        if (key is not null)
        {
            sql.Append(key).Append(' ').Append(direction).Append(", ");
        }

        return sql.Append("session_id ").Append(direction).Append(" LIMIT $1").ToString();
    }

    /// <summary><paramref name="prefix"/> as a LIKE pattern: its own %, _ and \ escaped (backslash is LIKE's default escape).</summary>
    internal static string LikePrefix(string prefix)
        => prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private static string CursorValue(SessionSort sort, long? key, NpgsqlParameterCollection parameters) => sort switch
    {
        SessionSort.LastHeartbeat => $"coalesce({AddNullableTime(parameters, key)}, '-infinity'::timestamptz)",
        SessionSort.StateSince => AddTime(parameters, new DateTimeOffset(key ?? 0, TimeSpan.Zero)),
        _ => Add(parameters, key ?? 0),
    };

    private static string Add<T>(NpgsqlParameterCollection parameters, T value)
    {
        parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return "$" + parameters.Count;
    }

    private static string AddTime(NpgsqlParameterCollection parameters, DateTimeOffset value)
        => Add(parameters, value.ToUniversalTime());

    private static string AddNullableTime(NpgsqlParameterCollection parameters, long? ticks)
    {
        parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
            Value = ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : DBNull.Value,
        });
        return "$" + parameters.Count + "::timestamptz";
    }
}
