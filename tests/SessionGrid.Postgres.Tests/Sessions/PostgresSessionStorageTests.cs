using SessionGrid.TestKit.Sessions;
using System.Net;
using Npgsql;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Postgres.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>
/// The session grain's state on PostgreSQL: the typed sessions table and its events, through the
/// "sessions" Orleans provider (<see cref="SessionGrainStorage"/>) and through the store's batches.
/// </summary>
public sealed class PostgresSessionStorageTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>, IDisposable
{
    private readonly PostgresSessionStore _store = new(database.DataSource, NullLogger<PostgresSessionStore>.Instance);
    private SessionGrainStorage? _provider;

    private SessionGrainStorage _storage => _provider ??= new SessionGrainStorage(_store, Options.Create(new PersistenceOptions()), TimeProvider.System, NullLogger<SessionGrainStorage>.Instance);

    public void Dispose() => _provider?.Dispose();

    [Fact]
    public async Task WriteStateAsync_SessionState_EveryTypedColumnHoldsItsValue()
    {
        var id = SessionStates.NewId();

        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), new global::Orleans.GrainState<SessionState> { State = SessionStates.Full(id) });

        await using var command = database.DataSource.CreateCommand("""
            SELECT incarnation, status, status_reason, first_seen, state_since, last_heartbeat, last_activity, interval_ms,
                   heartbeats_received, missed_intervals_completed, leaves, recoveries, reconnects, protocol_violations, bytes_in,
                   recovery_streak, connected, connected_since, connections_this_incarnation, reconnected_in_leave,
                   remote_endpoint, remote_ip, remote_port, pid, declared_ip, owner_silo, owner_epoch, transition_seq,
                   jsonb_array_length(recent_transitions), recent_transitions->1->>'to', recent_transitions->1->>'from',
                   version
            FROM sessions WHERE session_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var t0 = SessionStates.T0;
        Assert.Equal(2, reader.GetInt32(0));
        Assert.Equal("leave", reader.GetString(1));
        Assert.Equal("missed-heartbeats", reader.GetString(2));
        Assert.Equal(t0, reader.GetFieldValue<DateTimeOffset>(3));
        Assert.Equal(t0.AddSeconds(40), reader.GetFieldValue<DateTimeOffset>(4));
        Assert.Equal(t0.AddTicks(101_234_560), reader.GetFieldValue<DateTimeOffset>(5));
        Assert.Equal(t0.AddSeconds(11), reader.GetFieldValue<DateTimeOffset>(6));
        Assert.Equal(10_000L, reader.GetInt64(7));
        Assert.Equal([101L, 102, 103, 104, 105, 106, 107], Enumerable.Range(8, 7).Select(reader.GetInt64));
        Assert.Equal(3, reader.GetInt32(15));
        Assert.True(reader.GetBoolean(16));
        Assert.Equal(t0.AddSeconds(1), reader.GetFieldValue<DateTimeOffset>(17));
        Assert.Equal(4, reader.GetInt32(18));
        Assert.True(reader.GetBoolean(19));
        Assert.Equal("10.1.2.3:4567", reader.GetString(20));
        Assert.Equal(IPAddress.Parse("10.1.2.3"), reader.GetFieldValue<IPAddress>(21));
        Assert.Equal(4567, reader.GetInt32(22));
        Assert.Equal(4242L, reader.GetInt64(23));
        Assert.Equal("192.168.0.9", reader.GetString(24));
        Assert.Equal("silo-a", reader.GetString(25));
        Assert.Equal(5L, reader.GetInt64(26));
        Assert.Equal(8L, reader.GetInt64(27));
        Assert.Equal(2, reader.GetInt32(28));
        Assert.Equal("leave", reader.GetString(29));
        Assert.Equal("live", reader.GetString(30));
        Assert.Equal(1L, reader.GetInt64(31));
    }

    [Theory]
    [InlineData("[2001:db8::7]:443", "2001:db8::7", 443)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("not-an-endpoint", null, null)]
    [InlineData("10.0.0.1", null, null)]
    [InlineData("10.0.0.1:70000", null, null)]
    [InlineData("2001:db8::7:443", null, null)]
    public async Task WriteStateAsync_RemoteEndpoint_ParsedIntoIpAndPortOrNull(string endpoint, string? ip, int? port)
    {
        var id = SessionStates.NewId();

        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), new global::Orleans.GrainState<SessionState> { State = SessionStates.Full(id, remoteEndpoint: endpoint) });

        Assert.Equal(endpoint, await database.ScalarAsync<string>("SELECT remote_endpoint FROM sessions WHERE session_id = $1", id));
        Assert.Equal(ip ?? "(null)", await database.ScalarAsync<string>("SELECT coalesce(host(remote_ip), '(null)') FROM sessions WHERE session_id = $1", id));
        Assert.Equal(port ?? -1, await database.ScalarAsync<int>("SELECT coalesce(remote_port, -1) FROM sessions WHERE session_id = $1", id));
    }

    [Fact]
    public async Task ReadStateAsync_WrittenSession_ReturnsEveryFieldButPendingEvents()
    {
        var id = SessionStates.NewId();
        var written = SessionStates.Full(id);
        var state = new global::Orleans.GrainState<SessionState> { State = written };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);

        var read = new global::Orleans.GrainState<SessionState>();
        await _storage.ReadStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), read);

        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        var expected = SessionStates.Full(id);
        expected.PendingEvents = [];
        Assert.Equivalent(expected, read.State, strict: true);
        Assert.Equal(expected.RecentTransitions, read.State!.RecentTransitions);
    }

    [Fact]
    public async Task ReadStateAsync_MissingSession_RecordExistsFalse()
    {
        var read = new global::Orleans.GrainState<SessionState> { ETag = "3", RecordExists = true };

        await _storage.ReadStateAsync(ClientSessionGrain.StateName, GrainIdOf(SessionStates.NewId()), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.Incarnation);
    }

    [Fact]
    public async Task WriteBatchAsync_KickWithActorAndNote_InTheEventAndInRecentTransitions()
    {
        var id = SessionStates.NewId();
        var state = SessionStates.Full(id, SessionStatus.Closed);
        var kick = new SessionTransition(SessionStates.T0.AddMinutes(1), SessionStatus.Leave, SessionStatus.Closed, "kicked", 2, 9, "alice", "stuck \"firmware\"");
        state.TransitionSeq = 9;
        state.RecentTransitions = [.. state.RecentTransitions, kick];
        state.PendingEvents = [kick];

        var write = new SessionStateWrite(id, state, null);
        await _store.WriteBatchAsync([write], CancellationToken.None);

        Assert.Null(write.Error);
        Assert.Equal("alice", await database.ScalarAsync<string>("SELECT actor FROM session_events WHERE session_id = $1 AND seq = 9", id));
        Assert.Equal("stuck \"firmware\"", await database.ScalarAsync<string>("SELECT note FROM session_events WHERE session_id = $1 AND seq = 9", id));
        var read = (await _store.ReadAsync(id, CancellationToken.None))!.State;
        Assert.Equal(kick, read.RecentTransitions[^1]);
        Assert.Null(read.RecentTransitions[0].Actor);
    }

    [Fact]
    public async Task WriteBatchAsync_SamePendingEventsWrittenTwice_EventsInsertedOnce()
    {
        var id = SessionStates.NewId();
        var state = SessionStates.Full(id);
        var first = new SessionStateWrite(id, state, null);
        await _store.WriteBatchAsync([first], CancellationToken.None);

        // A write-behind snapshot taken before the grain cleared its pending list carries them again.
        state.HeartbeatsReceived++;
        var second = new SessionStateWrite(id, state, first.NewETag);
        await _store.WriteBatchAsync([second], CancellationToken.None);

        Assert.Equal("2", second.NewETag);
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM session_events WHERE session_id = $1", id));
        await using var command = database.DataSource.CreateCommand(
            "SELECT seq, incarnation, time, from_status, to_status, reason, silo FROM session_events WHERE session_id = $1 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((7L, 2, SessionStates.T0, true, "live", "connected", "silo-a"),
            (reader.GetInt64(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal((8L, "live", "leave", "missed-heartbeats"), (reader.GetInt64(0), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
    }

    [Fact]
    public async Task WriteBatchAsync_ConflictingSessionRow_InsertsNoEvents()
    {
        var id = SessionStates.NewId();
        var seed = SessionStates.Full(id);
        seed.PendingEvents = [];
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), new global::Orleans.GrainState<SessionState> { State = seed });

        // A stale owner's transition: its row write fails, so its event must not appear either.
        var stale = SessionStates.Full(id, SessionStatus.Closed);
        stale.OwnerSilo = "silo-stale";
        var write = new SessionStateWrite(id, stale, expectedETag: null);
        await _store.WriteBatchAsync([write], CancellationToken.None);

        Assert.IsType<InconsistentStateException>(write.Error);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM session_events WHERE session_id = $1", id));
    }

    [Fact]
    public async Task WriteBatchAsync_FiftySessions_OneRoundTripWithTheirEvents()
    {
        var writes = new List<SessionStateWrite>();
        for (var i = 0; i < 50; i++)
        {
            var id = SessionStates.NewId();
            writes.Add(new SessionStateWrite(id, SessionStates.Full(id), null));
        }

        var before = _store.RoundTrips;

        await _store.WriteBatchAsync(writes, CancellationToken.None);

        Assert.Equal(before + 1, _store.RoundTrips);
        Assert.All(writes, static w => Assert.Equal("1", w.NewETag));
        var ids = writes.Select(static w => w.SessionId).ToArray();
        Assert.Equal(50L, await database.ScalarAsync<long>("SELECT count(*) FROM sessions WHERE session_id = ANY($1)", (object)ids));
        Assert.Equal(100L, await database.ScalarAsync<long>("SELECT count(*) FROM session_events WHERE session_id = ANY($1)", (object)ids));
    }

    [Fact]
    public async Task WriteBatchAsync_StaleSessionUpdate_ConflictReportsStoredVersion()
    {
        var id = SessionStates.NewId();
        var state = new global::Orleans.GrainState<SessionState> { State = SessionStates.Full(id) };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);
        state.State.OwnerEpoch++;
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);

        var stale = SessionStates.Full(id);
        stale.BytesIn = 1;
        var write = new SessionStateWrite(id, stale, "1");
        await _store.WriteBatchAsync([write], CancellationToken.None);

        Assert.Equal("2", Assert.IsType<InconsistentStateException>(write.Error).StoredEtag);
        Assert.Equal(107L, await database.ScalarAsync<long>("SELECT bytes_in FROM sessions WHERE session_id = $1", id));
    }

    [Fact]
    public async Task WriteBatchAsync_RetryOfCommittedSessionUpdate_Succeeds()
    {
        var id = SessionStates.NewId();
        var state = new global::Orleans.GrainState<SessionState> { State = SessionStates.Full(id) };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);
        state.State.HeartbeatsReceived++;
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);

        var retry = SessionStates.Full(id);
        retry.HeartbeatsReceived++;
        var write = new SessionStateWrite(id, retry, "1");
        await _store.WriteBatchAsync([write], CancellationToken.None);

        Assert.Null(write.Error);
        Assert.Equal("2", write.NewETag);
    }

    [Fact]
    public async Task WriteBatchAsync_RetryOfCommittedOwnedInsert_SucceedsAsReplay()
    {
        // The first attempt of a new session's claim committed but its answer was lost: the grain still
        // holds no ETag. Reading that as a takeover would close a healthy client with taken-over.
        var id = SessionStates.NewId();
        await _store.WriteBatchAsync([SessionWrite(id, SessionStates.Full(id), null)], CancellationToken.None);
        var replayedBefore = _store.ReplayedWrites;

        var retry = SessionWrite(id, SessionStates.Full(id), null);
        await _store.WriteBatchAsync([retry], CancellationToken.None);

        Assert.Null(retry.Error);
        Assert.Equal("1", retry.NewETag);
        Assert.Equal(replayedBefore + 1, _store.ReplayedWrites);
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM session_events WHERE session_id = $1", id));
    }

    [Fact]
    public async Task WriteBatchAsync_SecondInsertWithoutOwner_StaysConflict()
    {
        // No owner, no proof that the stored row is this writer's own.
        var id = SessionStates.NewId();
        var unowned = SessionStates.Full(id);
        unowned.OwnerSilo = null;
        await _store.WriteBatchAsync([SessionWrite(id, unowned, null)], CancellationToken.None);

        var again = SessionWrite(id, unowned, null);
        await _store.WriteBatchAsync([again], CancellationToken.None);

        Assert.Equal("1", Assert.IsType<InconsistentStateException>(again.Error).StoredEtag);
    }

    [Fact]
    public async Task WriteBatchAsync_InsertRetryAfterTheRowMovedOn_StaysConflict()
    {
        // Same content, but the row has been written since (version 2): not a replay of the insert.
        var id = SessionStates.NewId();
        var state = new global::Orleans.GrainState<SessionState> { State = SessionStates.Full(id) };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);

        var retry = SessionWrite(id, SessionStates.Full(id), null);
        await _store.WriteBatchAsync([retry], CancellationToken.None);

        Assert.Equal("2", Assert.IsType<InconsistentStateException>(retry.Error).StoredEtag);
    }

    private static SessionStateWrite SessionWrite(string id, SessionState state, string? etag) => new(id, state, etag);

    [Fact]
    public async Task ClearStateAsync_CurrentETag_DeletesRowAndKeepsEvents()
    {
        var id = SessionStates.NewId();
        var state = new global::Orleans.GrainState<SessionState> { State = SessionStates.Full(id) };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);

        await _storage.ClearStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state);

        Assert.False(state.RecordExists);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM sessions WHERE session_id = $1", id));
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM session_events WHERE session_id = $1", id));
    }

    [Fact]
    public async Task WriteBatchAsync_SessionReasonWithNul_RowFailsAloneAsNonConflict()
    {
        var id = SessionStates.NewId();
        var state = SessionStates.Full(id);
        state.StatusReason = "bad\0reason";
        var bad = new SessionStateWrite(id, state, null);
        var goodId = SessionStates.NewId();
        var good = new SessionStateWrite(goodId, SessionStates.Full(goodId), null);

        await _store.WriteBatchAsync([bad, good], CancellationToken.None);

        Assert.IsType<InvalidOperationException>(bad.Error);
        Assert.Equal("1", good.NewETag);
    }

    [Fact]
    public async Task WriteBatchAsync_ServerNotListening_ThrowsNpgsqlExceptionAndLeavesRowsUnset()
    {
        await using var unreachable = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Timeout=5;Pooling=false");
        var store = new PostgresSessionStore(unreachable, NullLogger<PostgresSessionStore>.Instance);
        var id = SessionStates.NewId();
        var write = SessionWrite(id, SessionStates.Full(id), null);

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.WriteBatchAsync([write], CancellationToken.None));

        Assert.IsNotType<InconsistentStateException>(error);
        Assert.Null(write.NewETag);
        Assert.Null(write.Error);
    }

    [Fact]
    public async Task WriteBatchAsync_SameSessionTwice_SecondIsConflictAndFirstIsWritten()
    {
        var id = SessionStates.NewId();
        var first = SessionWrite(id, SessionStates.Full(id), null);
        var second = SessionWrite(id, SessionStates.Full(id), null);

        await _store.WriteBatchAsync([first, second], CancellationToken.None);

        Assert.Equal("1", first.NewETag);
        Assert.IsType<InconsistentStateException>(second.Error);
    }

    [Fact]
    public async Task WriteBatchAsync_ETagThatIsNotAVersion_ConflictWithoutARoundTrip()
    {
        var id = SessionStates.NewId();
        var write = SessionWrite(id, SessionStates.Full(id), "not-a-version");
        var before = _store.RoundTrips;

        await _store.WriteBatchAsync([write], CancellationToken.None);

        Assert.IsType<InconsistentStateException>(write.Error);
        Assert.Equal(before, _store.RoundTrips);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static GrainId GrainIdOf(string sessionId) => GrainId.Create("session", sessionId);
}
