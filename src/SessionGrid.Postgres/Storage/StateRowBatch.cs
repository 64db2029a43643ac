using System.Globalization;
using Npgsql;
using Orleans.Storage;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Postgres.Storage;

/// <summary>
/// The rows of one table in a <see cref="PostgresSessionStore.WriteBatchAsync"/> round trip: one statement
/// that writes them all and returns, per input row in input order, <c>(ord, written version, stored
/// version, replayed)</c>.
/// </summary>
internal abstract class StateRowBatch
{
    private readonly List<SessionStateWrite> _writes;

    protected StateRowBatch(int capacity)
    {
        _writes = new List<SessionStateWrite>(capacity);
    }

    public int Count => _writes.Count;

    public abstract NpgsqlBatchCommand CreateCommand();

    /// <summary>Reads this statement's result set and sets every row's new ETag or error; returns the replayed rows.</summary>
    public async Task<int> ApplyResultsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var replayed = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var write = _writes[(int)reader.GetInt64(0) - 1];
            long? written = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            long? stored = reader.IsDBNull(2) ? null : reader.GetInt64(2);
            if (written is { } version)
            {
                write.SetResult(FormatETag(version));
            }
            else if (!reader.IsDBNull(3) && reader.GetBoolean(3))
            {
                // The row already holds exactly this content at the version this write would produce:
                // a retry of a write whose commit succeeded but whose answer was lost (see the remarks
                // of PostgresSessionStore for why only updates are recognised).
                write.SetResult(FormatETag(stored!.Value));
                replayed++;
            }
            else
            {
                write.SetError(Conflict(write.SessionId, write.ExpectedETag, stored is { } s ? FormatETag(s) : null));
            }
        }

        return replayed;
    }

    protected void AddWrite(SessionStateWrite write) => _writes.Add(write);

    public static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses an ETag; null stays null (expects no record). False for anything but a non-negative integer.</summary>
    public static bool TryParseETag(string? eTag, out long? version)
    {
        version = null;
        if (eTag is null)
        {
            return true;
        }

        if (long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }

    public static InconsistentStateException Conflict(string sessionId, string? expectedETag, string? storedETag)
        => new(
            $"Session {sessionId}: expected version {expectedETag ?? "(none)"}, stored version is {storedETag ?? "(none)"}.",
            storedETag,
            expectedETag);

    protected static NpgsqlParameter<T[]> Array<T>(T[] values, NpgsqlTypes.NpgsqlDbType elementType)
        => new() { TypedValue = values, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | elementType };
}
