using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Sessions;

namespace SessionGrid.Postgres.Storage;

/// <summary>
/// <see cref="ISessionStore"/> on the typed <c>sessions</c> table; a session's pending transitions go to
/// <c>session_events</c> in the same statement. The ETag is the row's <c>version</c>.
/// </summary>
/// <remarks>
/// <para>A batch is one round trip: one statement over array parameters (<c>unnest</c>), whatever the
/// number of rows. Every row is conditional: an update <c>WHERE version = expected</c>, or an insert that
/// does nothing when the row exists. A row that matched nothing is a conflict
/// (<see cref="Orleans.Storage.InconsistentStateException"/>), never retried here. Connection and server
/// failures propagate as <see cref="NpgsqlException"/> so the "sessions" provider keeps the writes and retries.</para>
/// <para>A retried update whose first attempt committed but whose answer was lost finds the row one
/// version up with exactly the content it writes; that is reported as success with that version, at no
/// extra cost (the same statement checks it). The same holds for a retried insert of a row that names
/// its owner (a claim's owner silo and epoch are unique, so an equal row is that insert); otherwise a lost
/// answer to a new session's first write would read as a takeover and close a healthy client.</para>
/// </remarks>
public sealed partial class PostgresSessionStore : ISessionStore
{
    private const string ReadSql = "SELECT " + SessionRow.SelectColumns + " FROM sessions WHERE session_id = $1";

    // The select runs on the snapshot taken before the delete: it reports the version that was there.
    private const string ClearSql = """
        WITH d AS (
            DELETE FROM sessions WHERE session_id = $1 AND version = $2 RETURNING 1
        )
        SELECT (SELECT count(*) FROM d), (SELECT version FROM sessions WHERE session_id = $1)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private long _roundTrips;
    private long _replayedWrites;

    public PostgresSessionStore(NpgsqlDataSource dataSource, ILogger<PostgresSessionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <summary>A round trip costs far more than a row: the provider holds write-behind for a fuller batch.</summary>
    public bool BatchesWriteBehind => true;

    /// <summary>Statements (or batches of statements) sent to the server so far: one per call, one per batch.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Writes found already applied (a retry after a lost answer) and reported as written.</summary>
    public long ReplayedWrites => Interlocked.Read(ref _replayedWrites);

    public async Task<StoredSession?> ReadAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sessionId });
        Interlocked.Increment(ref _roundTrips);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var state = SessionRow.Read(reader, out var version);
        return new StoredSession(state, StateRowBatch.FormatETag(version));
    }

    /// <remarks>
    /// Entries are turned away before sending, without a round trip, when their ETag is not a version
    /// (conflict), when the same session appears twice in one batch (the second is a conflict; the
    /// provider never does that), or when they hold a NUL character that PostgreSQL cannot store (a
    /// non-conflict error, so one bad row cannot fail the whole batch on every retry).
    /// </remarks>
    public async Task WriteBatchAsync(IReadOnlyList<SessionStateWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        SessionRowBatch? rows = null;
        HashSet<string>? seen = null;
        foreach (var write in writes)
        {
            if (!StateRowBatch.TryParseETag(write.ExpectedETag, out var expected)
                || (writes.Count > 1 && !(seen ??= new(StringComparer.Ordinal)).Add(write.SessionId)))
            {
                write.SetError(StateRowBatch.Conflict(write.SessionId, write.ExpectedETag, storedETag: null));
                continue;
            }

            if (SessionRowBatch.HasUnstorableText(write.Snapshot, write.SessionId))
            {
                write.SetError(new InvalidOperationException($"Session {write.SessionId} holds a NUL character, which PostgreSQL text cannot store; it is not written."));
                continue;
            }

            (rows ??= new SessionRowBatch(writes.Count)).Add(write, write.Snapshot, write.SessionId, expected);
        }

        if (rows is null)
        {
            return;
        }

        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(rows.CreateCommand());
        Interlocked.Increment(ref _roundTrips);
        int replayed;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            replayed = await rows.ApplyResultsAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        if (replayed > 0)
        {
            Interlocked.Add(ref _replayedWrites, replayed);
            LogReplayed(_logger, replayed, writes.Count);
        }
    }

    public async Task ClearAsync(string sessionId, string? expectedETag, CancellationToken cancellationToken)
    {
        // An ETag that is not a version matches no row: -1 keeps the statement conditional.
        long? expected = StateRowBatch.TryParseETag(expectedETag, out var parsed) ? parsed : -1;
        await using var command = _dataSource.CreateCommand(ClearSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = expected is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        Interlocked.Increment(ref _roundTrips);
        long deleted;
        long? stored;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            deleted = reader.GetInt64(0);
            stored = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }

        if (deleted == 0 && !(expectedETag is null && stored is null))
        {
            throw StateRowBatch.Conflict(sessionId, expectedETag, stored is { } s ? StateRowBatch.FormatETag(s) : null);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "{Replayed} of {Rows} session writes were already applied (a retry after a lost answer) and count as written")]
    private static partial void LogReplayed(ILogger logger, int replayed, int rows);
}
