using Npgsql;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// <see cref="ISessionEventQuery"/> over <c>session_events</c>: the grid's recent events walk the time
/// index, one session's history walks the (session_id, seq) key backwards; both stop after <c>limit</c> rows.
/// </summary>
public sealed class PostgresSessionEventQuery : ISessionEventQuery
{
    private const string Columns = "session_id, seq, incarnation, time, from_status, to_status, reason, silo";

    internal const string LatestSql = "SELECT " + Columns + " FROM session_events ORDER BY time DESC, id DESC LIMIT $1";

    internal const string HistorySql = "SELECT " + Columns + " FROM session_events WHERE session_id = $2 ORDER BY seq DESC LIMIT $1";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresSessionEventQuery(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public async ValueTask<IReadOnlyList<SessionEvent>> LatestAsync(string? sessionId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = _dataSource.CreateCommand(sessionId is null ? LatestSql : HistorySql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (sessionId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sessionId });
        }

        var result = new List<SessionEvent>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var transition = new SessionTransition(
                Time: reader.GetFieldValue<DateTimeOffset>(3),
                From: reader.IsDBNull(4) ? null : ParseStatus(reader.GetString(4)),
                To: ParseStatus(reader.GetString(5)),
                Reason: reader.GetString(6),
                Incarnation: reader.GetInt32(2),
                Seq: reader.GetInt64(1));
            result.Add(new SessionEvent(reader.GetString(0), transition, reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return result;
    }

    // The table's CHECK constraints admit only the three words.
    private static SessionStatus ParseStatus(string text)
        => SessionStatusNames.TryParse(text, out var status) ? status.Value : throw new InvalidDataException($"session_events holds an unknown status '{text}'.");
}
