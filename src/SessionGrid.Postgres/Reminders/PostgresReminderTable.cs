using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;

namespace SessionGrid.Postgres.Reminders;

/// <summary>
/// <see cref="IReminderTable"/> over the <c>reminders</c> table: every call is one statement. Rows carry
/// <see cref="GrainId.GetUniformHashCode"/> as a bigint so due-row scans use the (grain_hash, next_due)
/// index for the silo's hash range.
/// </summary>
/// <remarks>
/// PostgreSQL keeps microseconds: times are stored truncated to them, and a due bound is rounded up to
/// the next microsecond, so "due before" means the same as on the exact value. Periods are stored in
/// whole milliseconds.
/// </remarks>
public sealed class PostgresReminderTable : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, next_due, period_ms, version";

    private const string ReadRowSql = "SELECT " + Columns + " FROM reminders WHERE grain_id = $1 AND name = $2";

    private const string DueInRangeSql = "SELECT " + Columns + " FROM reminders WHERE grain_hash >= $1 AND grain_hash < $2 AND next_due < $3";

    // Two range scans of the index instead of one OR that would scan all of it.
    private const string DueInWrappingRangeSql =
        "SELECT " + Columns + " FROM reminders WHERE grain_hash >= $1 AND next_due < $3 " +
        "UNION ALL SELECT " + Columns + " FROM reminders WHERE grain_hash < $2 AND next_due < $3";

    private const string DueInFullRingSql = "SELECT " + Columns + " FROM reminders WHERE next_due < $1";

    private const string UpsertSql = """
        INSERT INTO reminders (grain_id, name, start_at, next_due, period_ms, grain_hash, version)
        VALUES ($1, $2, $3, $4, $5, $6, 1)
        ON CONFLICT (grain_id, name) DO UPDATE
        SET start_at = EXCLUDED.start_at, next_due = EXCLUDED.next_due, period_ms = EXCLUDED.period_ms,
            grain_hash = EXCLUDED.grain_hash, version = reminders.version + 1
        RETURNING version
        """;

    private const string ConditionalUpdateSql = """
        UPDATE reminders
        SET start_at = $3, next_due = $4, period_ms = $5, grain_hash = $6, version = version + 1
        WHERE grain_id = $1 AND name = $2 AND version = $7
        RETURNING version
        """;

    private const string RemoveSql = "DELETE FROM reminders WHERE grain_id = $1 AND name = $2";

    private const string ConditionalRemoveSql = "DELETE FROM reminders WHERE grain_id = $1 AND name = $2 AND version = $3";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresReminderTable(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var command = _dataSource.CreateCommand(ReadRowSql);
        AddKey(command, grainId, name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader) : null;
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadDueRowsAsync(ReminderHashRange range, DateTimeOffset dueBefore, CancellationToken cancellationToken = default)
    {
        var bound = CeilingToMicrosecond(dueBefore);
        await using var command = _dataSource.CreateCommand(range.IsFullRing ? DueInFullRingSql : range.Wraps ? DueInWrappingRangeSql : DueInRangeSql);
        if (!range.IsFullRing)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.Begin });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.End });
        }

        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = bound, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var result = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadEntry(reader));
        }

        return result;
    }

    public async Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        long expected = 0;
        if (entry.ETag is not null && !long.TryParse(entry.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out expected))
        {
            // Not a version of ours, so it cannot match the stored one.
            return null;
        }

        await using var command = _dataSource.CreateCommand(entry.ETag is null ? UpsertSql : ConditionalUpdateSql);
        AddKey(command, entry.GrainId, entry.Name);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = entry.StartAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = entry.NextDue.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.Period.Ticks / TimeSpan.TicksPerMillisecond });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.GrainHash });
        if (entry.ETag is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        }

        var version = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return version is long v ? v.ToString(CultureInfo.InvariantCulture) : null;
    }

    public async Task<bool> RemoveRowAsync(GrainId grainId, string name, string? eTag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        long expected = 0;
        if (eTag is not null && !long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out expected))
        {
            return false;
        }

        await using var command = _dataSource.CreateCommand(eTag is null ? RemoveSql : ConditionalRemoveSql);
        AddKey(command, grainId, name);
        if (eTag is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Stored times are whole microseconds, so <c>next_due &lt; bound</c> on the rounded-up bound selects
    /// exactly the rows due before the exact one (Npgsql would otherwise truncate the bound).
    /// </summary>
    internal static DateTimeOffset CeilingToMicrosecond(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var remainder = utc.UtcTicks % 10;
        return remainder == 0 || utc.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - 10 ? utc : utc.AddTicks(10 - remainder);
    }

    private static void AddKey(NpgsqlCommand command, GrainId grainId, string name)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
    }

    private static ReminderEntry ReadEntry(NpgsqlDataReader reader)
        => new(
            GrainId.Parse(reader.GetString(0)),
            reader.GetString(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            TimeSpan.FromMilliseconds(reader.GetInt64(4)),
            reader.GetInt64(5).ToString(CultureInfo.InvariantCulture));
}
