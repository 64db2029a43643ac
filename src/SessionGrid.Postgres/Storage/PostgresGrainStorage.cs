using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Postgres.Storage;

/// <summary>
/// <see cref="IGrainStorage"/> on PostgreSQL. The session grain's state (<see cref="ClientSessionGrain.StateName"/>
/// of type <see cref="SessionState"/>) goes to the typed <c>sessions</c> table, its pending transitions to
/// <c>session_events</c> in the same statement; every other state goes to <c>grain_state</c> as jsonb.
/// The ETag is the row's <c>version</c>.
/// </summary>
/// <remarks>
/// <para>Every write is one conditional statement: an update <c>WHERE version = expected</c>, or an insert
/// that does nothing when the row exists. A row that matched nothing is a conflict
/// (<see cref="InconsistentStateException"/>), never retried here. Connection and server failures
/// propagate as <see cref="NpgsqlException"/> so the flusher keeps the snapshots and retries.</para>
/// <para>A retried update whose first attempt committed but whose answer was lost finds the row one
/// version up with exactly the content it writes; that is reported as success with that version, at no
/// extra cost (the same statement checks it). The same holds for a retried insert of a session row that
/// names its owner (a claim's owner silo and epoch are unique, so an equal row is that insert); otherwise
/// a lost answer to a new session's first write would read as a takeover and close a healthy client.
/// A generic row carries no owner, so a retried insert of one cannot be told from a second insert of the
/// same content and stays a conflict.</para>
/// </remarks>
public sealed partial class PostgresGrainStorage : IGrainStorage
{
    private const string ReadGrainStateSql = "SELECT payload::text, version FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3";
    private const string ReadSessionSql = "SELECT " + SessionRow.SelectColumns + " FROM sessions WHERE session_id = $1";

    // The select runs on the snapshot taken before the delete: it reports the version that was there.
    private const string ClearGrainStateSql = """
        WITH d AS (
            DELETE FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $4 RETURNING 1
        )
        SELECT (SELECT count(*) FROM d), (SELECT version FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3)
        """;

    private const string ClearSessionSql = """
        WITH d AS (
            DELETE FROM sessions WHERE session_id = $1 AND version = $2 RETURNING 1
        )
        SELECT (SELECT count(*) FROM d), (SELECT version FROM sessions WHERE session_id = $1)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly ILogger _logger;
    private long _roundTrips;
    private long _replayedWrites;

    public PostgresGrainStorage(NpgsqlDataSource dataSource, IOptions<GrainStateSerializerOptions> serializerOptions, ILogger<PostgresGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(serializerOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _serializerOptions = serializerOptions.Value.JsonSerializerOptions
            ?? throw new InvalidOperationException("GrainStateSerializerOptions.JsonSerializerOptions is null.");
        _serializerOptions.MakeReadOnly(populateMissingResolver: true);
        _logger = logger;
    }

    /// <summary>Statements (or batches of statements) sent to the server so far: one per call, one per batch.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Updates found already applied (a retry after a lost answer) and reported as written.</summary>
    public long ReplayedWrites => Interlocked.Read(ref _replayedWrites);

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
    {
        ArgumentNullException.ThrowIfNull(grainState);
        TState? state = null;
        long version = 0;
        if (IsSessionState(stateName, typeof(TState)))
        {
            await using var command = _dataSource.CreateCommand(ReadSessionSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
            await using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                state = (TState)(object)SessionRow.Read(reader, out version);
            }
        }
        else
        {
            await using var command = _dataSource.CreateCommand(ReadGrainStateSql);
            AddGrainKey(command.Parameters, stateName, grainId);
            await using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                state = (TState)(JsonSerializer.Deserialize(reader.GetString(0), _serializerOptions.GetTypeInfo(typeof(TState)))
                    ?? throw new InvalidOperationException($"State '{stateName}' of {grainId} deserialized to null."));
                version = reader.GetInt64(1);
            }
        }

        grainState.State = state ?? new TState();
        grainState.ETag = state is null ? null : StateRowBatch.FormatETag(version);
        grainState.RecordExists = state is not null;
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var write = new GrainStateWrite(stateName, grainId, typeof(TState), grainState.State, grainState.ETag);
        await WriteBatchAsync([write], cancellationToken).ConfigureAwait(false);
        if (write.Error is { } error)
        {
            throw error is InconsistentStateException conflict
                ? conflict
                : new InvalidOperationException(error.Message, error);
        }

        grainState.ETag = write.NewETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
    {
        ArgumentNullException.ThrowIfNull(grainState);

        // An ETag that is not a version matches no row: -1 keeps the statement conditional.
        long? expected = StateRowBatch.TryParseETag(grainState.ETag, out var parsed) ? parsed : -1;
        NpgsqlCommand command;
        if (IsSessionState(stateName, typeof(TState)))
        {
            command = _dataSource.CreateCommand(ClearSessionSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        }
        else
        {
            command = _dataSource.CreateCommand(ClearGrainStateSql);
            AddGrainKey(command.Parameters, stateName, grainId);
        }

        long deleted;
        long? stored;
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = expected is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            await using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            deleted = reader.GetInt64(0);
            stored = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }

        if (deleted == 0 && !(grainState.ETag is null && stored is null))
        {
            throw StateRowBatch.Conflict(stateName, grainId.ToString(), grainState.ETag, stored is { } s ? StateRowBatch.FormatETag(s) : null);
        }

        grainState.State = new TState();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    internal static bool IsSessionState(string stateName, Type stateType)
        => stateType == typeof(SessionState) && string.Equals(stateName, ClientSessionGrain.StateName, StringComparison.Ordinal);

    private static void AddGrainKey(NpgsqlParameterCollection parameters, string stateName, GrainId grainId)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
    }

    private Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _roundTrips);
        return command.ExecuteReaderAsync(cancellationToken);
    }
}
