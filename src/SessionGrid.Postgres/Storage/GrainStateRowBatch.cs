using Npgsql;
using NpgsqlTypes;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Postgres.Storage;

/// <summary>Rows of the generic <c>grain_state</c> table (jsonb payload) in one write statement.</summary>
internal sealed class GrainStateRowBatch(int capacity) : StateRowBatch(capacity)
{
    // Updates match on the expected version, inserts (no expected version) only where no row exists;
    // every CTE sees the table as it was before the statement, so the final select reports the stored
    // version of each row that was not written, and whether it already holds this exact payload one
    // version up (a replayed update, see StateRowBatch).
    internal const string Sql = """
        WITH v AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[]) WITH ORDINALITY
                AS v(grain_type, grain_key, state_name, payload, expected, ord)
        ),
        upd AS (
            UPDATE grain_state AS g
            SET payload = v.payload, version = v.expected + 1, updated_at = now()
            FROM v
            WHERE v.expected IS NOT NULL
              AND g.grain_type = v.grain_type AND g.grain_key = v.grain_key AND g.state_name = v.state_name
              AND g.version = v.expected
            RETURNING g.grain_type, g.grain_key, g.state_name, g.version
        ),
        ins AS (
            INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version)
            SELECT v.grain_type, v.grain_key, v.state_name, v.payload, 1 FROM v WHERE v.expected IS NULL
            ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
            RETURNING grain_type, grain_key, state_name, version
        ),
        written AS (
            SELECT * FROM upd UNION ALL SELECT * FROM ins
        )
        SELECT v.ord, w.version, g.version,
               w.version IS NULL AND v.expected IS NOT NULL AND g.version = v.expected + 1 AND g.payload = v.payload
        FROM v
        LEFT JOIN written AS w
               ON w.grain_type = v.grain_type AND w.grain_key = v.grain_key AND w.state_name = v.state_name
        LEFT JOIN grain_state AS g
               ON g.grain_type = v.grain_type AND g.grain_key = v.grain_key AND g.state_name = v.state_name
        ORDER BY v.ord
        """;

    private readonly List<string> _types = new(capacity);
    private readonly List<string> _keys = new(capacity);
    private readonly List<string> _names = new(capacity);
    private readonly List<string> _payloads = new(capacity);
    private readonly List<long?> _expected = new(capacity);

    public void Add(GrainStateWrite write, string payload, long? expectedVersion)
    {
        AddWrite(write);
        _types.Add(write.GrainId.Type);
        _keys.Add(write.GrainId.Key);
        _names.Add(write.StateName);
        _payloads.Add(payload);
        _expected.Add(expectedVersion);
    }

    public override NpgsqlBatchCommand CreateCommand()
    {
        var command = new NpgsqlBatchCommand(Sql);
        command.Parameters.Add(Array(_types.ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(_keys.ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(_names.ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(_payloads.ToArray(), NpgsqlDbType.Jsonb));
        command.Parameters.Add(Array(_expected.ToArray(), NpgsqlDbType.Bigint));
        return command;
    }
}
