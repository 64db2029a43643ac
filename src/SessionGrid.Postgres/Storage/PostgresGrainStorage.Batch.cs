using System.Text.Json;
using Npgsql;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Postgres.Storage;

public sealed partial class PostgresGrainStorage
{
    /// <summary>
    /// Writes every entry in one round trip: at most two statements in one <see cref="NpgsqlBatch"/> (session
    /// rows with their events, and generic rows), each over array parameters whatever the number of rows.
    /// </summary>
    /// <remarks>
    /// Entries are turned away before sending, without a round trip, when their ETag is not a version
    /// (conflict), when the same record appears twice in one batch (the second is a conflict; the flusher
    /// never does that), or when they hold a NUL character that PostgreSQL cannot store (a non-conflict
    /// error, so one bad row cannot fail the whole batch on every retry).
    /// </remarks>
    public async Task WriteBatchAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        SessionRowBatch? sessions = null;
        GrainStateRowBatch? grains = null;
        HashSet<(string, string, string)>? seen = null;
        foreach (var write in writes)
        {
            if (!StateRowBatch.TryParseETag(write.ExpectedETag, out var expected))
            {
                write.SetError(StateRowBatch.Conflict(write.StateName, write.GrainId.ToString(), write.ExpectedETag, storedETag: null));
                continue;
            }

            var isSession = IsSessionState(write.StateName, write.StateType) && write.Snapshot is SessionState;

            // The sessions table is keyed by the grain key alone.
            var rowKey = isSession ? ("sessions", "", write.GrainId.Key) : (write.StateName, write.GrainId.Type, write.GrainId.Key);
            if (writes.Count > 1 && !(seen ??= []).Add(rowKey))
            {
                write.SetError(StateRowBatch.Conflict(write.StateName, write.GrainId.ToString(), write.ExpectedETag, storedETag: null));
                continue;
            }

            if (isSession)
            {
                var state = (SessionState)write.Snapshot;
                if (SessionRowBatch.HasUnstorableText(state, write.GrainId.Key))
                {
                    write.SetError(Unstorable(write));
                    continue;
                }

                (sessions ??= new SessionRowBatch(writes.Count)).Add(write, state, write.GrainId.Key, expected);
            }
            else
            {
                var payload = JsonSerializer.Serialize(write.Snapshot, _serializerOptions.GetTypeInfo(write.StateType));
                if (HasNul(write.GrainId.Type) || HasNul(write.GrainId.Key) || HasNul(write.StateName) || JsonHasNulEscape(payload))
                {
                    write.SetError(Unstorable(write));
                    continue;
                }

                (grains ??= new GrainStateRowBatch(writes.Count)).Add(write, payload, expected);
            }
        }

        if (sessions is null && grains is null)
        {
            return;
        }

        await using var batch = _dataSource.CreateBatch();
        if (sessions is not null)
        {
            batch.BatchCommands.Add(sessions.CreateCommand());
        }

        if (grains is not null)
        {
            batch.BatchCommands.Add(grains.CreateCommand());
        }

        Interlocked.Increment(ref _roundTrips);
        var replayed = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (sessions is not null)
            {
                replayed += await sessions.ApplyResultsAsync(reader, cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            if (grains is not null)
            {
                replayed += await grains.ApplyResultsAsync(reader, cancellationToken).ConfigureAwait(false);
            }
        }

        if (replayed > 0)
        {
            Interlocked.Add(ref _replayedWrites, replayed);
            LogReplayed(_logger, replayed, writes.Count);
        }
    }

    private static InvalidOperationException Unstorable(GrainStateWrite write)
        => new($"State '{write.StateName}' of {write.GrainId} holds a NUL character, which PostgreSQL text and jsonb cannot store; it is not written.");

    private static bool HasNul(string text) => text.Contains('\0', StringComparison.Ordinal);

    /// <summary>True when the JSON text has a <c>\u0000</c> escape (jsonb rejects it), skipping escaped backslashes.</summary>
    internal static bool JsonHasNulEscape(string json)
    {
        var i = json.IndexOf('\\', StringComparison.Ordinal);
        while (i >= 0 && i + 1 < json.Length)
        {
            if (json[i + 1] == 'u' && string.CompareOrdinal(json, i + 2, "0000", 0, 4) == 0)
            {
                return true;
            }

            i = json.IndexOf('\\', i + 2);
        }

        return false;
    }
}
