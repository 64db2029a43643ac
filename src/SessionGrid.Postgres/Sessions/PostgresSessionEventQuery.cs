using System.Text;
using Npgsql;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// <see cref="ISessionEventQuery"/> over <c>session_events</c>: the grid's recent events walk the time
/// index, one session's history walks the (session_id, seq) key backwards; both stop after <c>limit</c> rows.
/// </summary>
public sealed class PostgresSessionEventQuery : ISessionEventQuery
{
    internal const string Columns = "session_id, seq, incarnation, time, from_status, to_status, reason, silo, actor, note";

    private const string CountSinceSql = "SELECT to_status, count(*) FROM session_events WHERE time >= $1 GROUP BY to_status";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresSessionEventQuery(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public async ValueTask<IReadOnlyList<SessionEvent>> LatestAsync(SessionEventFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = _dataSource.CreateCommand();
        command.CommandText = BuildLatestSql(filter, limit, command.Parameters);
        return await ReadAsync(command, Math.Min(limit, 1024), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyDictionary<string, long>> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [SessionStatusNames.Live] = 0,
            [SessionStatusNames.Leave] = 0,
            [SessionStatusNames.Closed] = 0,
        };
        await using var command = _dataSource.CreateCommand(CountSinceSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>The events with these ids (from notifications), in id order.</summary>
    internal async Task<IReadOnlyList<SessionEvent>> ReadByIdsAsync(long[] ids, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT " + Columns + " FROM session_events WHERE id = ANY($1) ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
        return await ReadAsync(command, ids.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statement of <see cref="LatestAsync"/>; adds its parameters ($1 is the limit).</summary>
    internal static string BuildLatestSql(SessionEventFilter filter, int limit, NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var sql = new StringBuilder("SELECT " + Columns + " FROM session_events WHERE true");
        if (filter.SessionId is { } id)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            sql.Append(" AND session_id = $").Append(parameters.Count);
        }

        if (filter.Status is { } status)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = status.ToWire() });
            sql.Append(" AND to_status = $").Append(parameters.Count);
        }

        if (filter.IdPrefix is { } prefix)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresSessionQuery.LikePrefix(prefix) });
            sql.Append(" AND session_id LIKE $").Append(parameters.Count);
        }

        // One session's history in its own order (its key); the grid's by time (its index).
        return sql.Append(filter.SessionId is null ? " ORDER BY time DESC, id DESC LIMIT $1" : " ORDER BY seq DESC LIMIT $1").ToString();
    }

    private static async Task<IReadOnlyList<SessionEvent>> ReadAsync(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        var result = new List<SessionEvent>(capacity);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var transition = new SessionTransition(
                Time: reader.GetFieldValue<DateTimeOffset>(3),
                From: reader.IsDBNull(4) ? null : ParseStatus(reader.GetString(4)),
                To: ParseStatus(reader.GetString(5)),
                Reason: reader.GetString(6),
                Incarnation: reader.GetInt32(2),
                Seq: reader.GetInt64(1),
                Actor: reader.IsDBNull(8) ? null : reader.GetString(8),
                Note: reader.IsDBNull(9) ? null : reader.GetString(9));
            result.Add(new SessionEvent(reader.GetString(0), transition, reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return result;
    }

    // The table's CHECK constraints admit only the three words.
    private static SessionStatus ParseStatus(string text)
        => SessionStatusNames.TryParse(text, out var status) ? status.Value : throw new InvalidDataException($"session_events holds an unknown status '{text}'.");
}
