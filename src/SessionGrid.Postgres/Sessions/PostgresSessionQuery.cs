using Npgsql;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// <see cref="ISessionQuery"/> over the <c>sessions</c> table. A page by status walks the
/// (status, session_id) index, a page of all sessions the primary key; both stop after <c>limit</c> rows.
/// </summary>
/// <remarks>
/// Rows are in byte order of <c>session_id</c> (its column is <c>COLLATE "C"</c> since migration 0002),
/// the in-memory query's ordinal order, whatever the database's default collation.
/// </remarks>
public sealed class PostgresSessionQuery : ISessionQuery
{
    internal const string ListSql = "SELECT " + SessionRow.SelectColumns + " FROM sessions ORDER BY session_id LIMIT $1";

    internal const string ListByStatusSql = "SELECT " + SessionRow.SelectColumns + " FROM sessions WHERE status = $2 ORDER BY session_id LIMIT $1";

    private const string CountSql = "SELECT status, count(*) FROM sessions GROUP BY status";

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

    public async ValueTask<IReadOnlyList<SessionSnapshot>> ListAsync(SessionStatus? status, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = _dataSource.CreateCommand(status is null ? ListSql : ListByStatusSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (status is { } wanted)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = wanted.ToWire() });
        }

        var result = new List<SessionSnapshot>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(SessionSnapshot.From(SessionRow.Read(reader, out _), _machine, now));
        }

        return result;
    }

    public async ValueTask<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>
        {
            [SessionStatusNames.Live] = 0,
            [SessionStatusNames.Leave] = 0,
            [SessionStatusNames.Closed] = 0,
        };
        await using var command = _dataSource.CreateCommand(CountSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
