using Npgsql;
using SessionGrid.Grains.Cluster;

namespace SessionGrid.Postgres.Sessions;

/// <summary><see cref="IOrphanedSessionQuery"/> over the <c>sessions</c> table, a page at a time in session id order.</summary>
public sealed class PostgresOrphanedSessionQuery(NpgsqlDataSource dataSource) : IOrphanedSessionQuery
{
    internal const string Sql =
        "SELECT session_id, owner_silo FROM sessions WHERE status = 'live' AND owner_silo IS NOT NULL AND owner_silo <> ALL($1) "
        + "AND ($2::text IS NULL OR session_id > $2) ORDER BY session_id LIMIT $3";

    public async ValueTask<IReadOnlyList<OrphanedSession>> ListLiveNotOwnedByAsync(IReadOnlyCollection<string> owners, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. owners] });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var result = new List<OrphanedSession>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new OrphanedSession(reader.GetString(0), reader.GetString(1)));
        }

        return result;
    }
}
