using System.Net;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// <see cref="ISessionQuery"/> over the <c>sessions</c> table: one parameterised statement per page (after a
/// bounded count when the page has an ip filter), ordered by (sort value, session_id) and started after the cursor's row by a row comparison, so each
/// order walks its index from migration 0004 and a deep page costs what the first one does.
/// </summary>
/// <remarks>
/// <para>
/// The statement is assembled from fixed fragments; every value is a parameter. Rows are in byte order of
/// <c>session_id</c> (its column is <c>COLLATE "C"</c> since migration 0002), the in-memory query's ordinal
/// order, and a missing last heartbeat sorts as <c>-infinity</c>, the in-memory query's "no key is smallest".
/// </para>
/// <para>
/// An ip filter first counts its matches through the <c>remote_ip</c> index, up to a bound. Few matches
/// (a /16 of a fleet spread over a /8) are read through that index and sorted: walking the order's index
/// instead would read about <c>limit x sessions / matches</c> rows, scattered over the heap, to find a page.
/// Many matches (a /8, every row) make that walk short, and it needs no sort. The filter is a range of
/// <c>remote_ip</c> rather than <c>&lt;&lt;=</c>: the same rows (the store writes host addresses only), and
/// the planner estimates a range from the column's histogram, where it badly misjudges a subnet.
/// </para>
/// </remarks>
public sealed class PostgresSessionQuery : ISessionQuery
{
    /// <summary>
    /// An ip filter with at most this many matching sessions has them read and sorted; with more, the list
    /// walks its order's index. Both read about 10,000 rows there with 1,000,000 sessions and pages of 100.
    /// </summary>
    public const int DefaultIpMatchesToSort = 10_000;

    internal const string CountIpMatchesSql = "SELECT count(*) FROM (SELECT 1 FROM sessions WHERE remote_ip BETWEEN $1 AND $2 LIMIT $3) AS matches";

    private const string CountSql = "SELECT owner_silo, status, count(*) FROM sessions GROUP BY owner_silo, status";

    private const string HeartbeatKey = "coalesce(last_heartbeat, '-infinity'::timestamptz)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SessionStateMachine _machine;
    private readonly TimeProvider _time;
    private readonly int _ipMatchesToSort;

    public PostgresSessionQuery(NpgsqlDataSource dataSource, SessionStateMachine machine, TimeProvider time)
        : this(dataSource, machine, time, DefaultIpMatchesToSort)
    {
    }

    /// <summary>Tests choose the ip plan's bound, to run each plan on a small table.</summary>
    internal PostgresSessionQuery(NpgsqlDataSource dataSource, SessionStateMachine machine, TimeProvider time, int ipMatchesToSort)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(ipMatchesToSort);
        _dataSource = dataSource;
        _machine = machine;
        _time = time;
        _ipMatchesToSort = ipMatchesToSort;
    }

    public async ValueTask<SessionListPage> ListAsync(SessionListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, SessionListQuery.MaxLimit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var plan = query.Ip is { } ip && await CountIpMatchesAsync(connection, ip, _ipMatchesToSort + 1, cancellationToken).ConfigureAwait(false) <= _ipMatchesToSort
            ? IpFilterPlan.SortMatches
            : IpFilterPlan.FilterWhileWalking;
        await using var command = connection.CreateCommand();
        command.CommandText = BuildListSql(query, command.Parameters, plan);

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

    /// <summary>The sessions whose remote address is in <paramref name="ip"/>, counted up to <paramref name="bound"/>.</summary>
    internal static async Task<long> CountIpMatchesAsync(NpgsqlConnection connection, SessionIpFilter ip, int bound, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CountIpMatchesSql, connection);
        command.Parameters.Add(new NpgsqlParameter<IPAddress> { NpgsqlDbType = NpgsqlDbType.Inet, TypedValue = ip.FirstAddress });
        command.Parameters.Add(new NpgsqlParameter<IPAddress> { NpgsqlDbType = NpgsqlDbType.Inet, TypedValue = ip.LastAddress });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = bound });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The page's statement; adds its parameters to <paramref name="parameters"/> ($1 is the row count).
    /// <paramref name="plan"/> says how an ip filter is applied (unused without one).
    /// </summary>
    internal static string BuildListSql(SessionListQuery query, NpgsqlParameterCollection parameters, IpFilterPlan plan = IpFilterPlan.FilterWhileWalking)
    {
        parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });
        var where = new List<string>();
        var from = "sessions";
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
            var range = $"remote_ip BETWEEN {AddAddress(parameters, ip.FirstAddress)} AND {AddAddress(parameters, ip.LastAddress)}";
            if (plan == IpFilterPlan.SortMatches)
            {
                // OFFSET 0 keeps the subquery apart: it is planned alone, as "every match" (the remote_ip index),
                // and the rest of the statement filters and top-N sorts what it returns.
                from = $"(SELECT * FROM sessions WHERE {range} OFFSET 0) AS sessions";
            }
            else
            {
                where.Add(range);
            }
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

        var sql = new StringBuilder("SELECT ").Append(SessionRow.SelectColumns).Append(" FROM ").Append(from);
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

    private static string AddAddress(NpgsqlParameterCollection parameters, IPAddress address)
    {
        parameters.Add(new NpgsqlParameter<IPAddress> { NpgsqlDbType = NpgsqlDbType.Inet, TypedValue = address });
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
