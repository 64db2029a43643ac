using SessionGrid.TestKit.Sessions;
using System.Net;
using Npgsql;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Postgres.Tests.Storage;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>The session grain's state: the typed sessions table and its events.</summary>
public sealed class PostgresSessionStorageTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private readonly PostgresGrainStorage _storage = PostgresGrainStorageTests.Create(database.DataSource);

    [Fact]
    public async Task WriteStateAsync_SessionState_EveryTypedColumnHoldsItsValue()
    {
        var id = SessionStates.NewId();

        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), new GrainState<SessionState> { State = SessionStates.Full(id) }, CancellationToken.None);

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

        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), new GrainState<SessionState> { State = SessionStates.Full(id, remoteEndpoint: endpoint) }, CancellationToken.None);

        Assert.Equal(endpoint, await database.ScalarAsync<string>("SELECT remote_endpoint FROM sessions WHERE session_id = $1", id));
        Assert.Equal(ip ?? "(null)", await database.ScalarAsync<string>("SELECT coalesce(host(remote_ip), '(null)') FROM sessions WHERE session_id = $1", id));
        Assert.Equal(port ?? -1, await database.ScalarAsync<int>("SELECT coalesce(remote_port, -1) FROM sessions WHERE session_id = $1", id));
    }

    [Fact]
    public async Task ReadStateAsync_WrittenSession_ReturnsEveryFieldButPendingEvents()
    {
        var id = SessionStates.NewId();
        var written = SessionStates.Full(id);
        var state = new GrainState<SessionState> { State = written };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);

        var read = new GrainState<SessionState>();
        await _storage.ReadStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), read, CancellationToken.None);

        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        var expected = SessionStates.Full(id);
        expected.PendingEvents = [];
        Assert.Equivalent(expected, read.State, strict: true);
        Assert.Equal(expected.RecentTransitions, read.State.RecentTransitions);
    }

    [Fact]
    public async Task ReadStateAsync_MissingSession_RecordExistsFalse()
    {
        var read = new GrainState<SessionState> { ETag = "3", RecordExists = true };

        await _storage.ReadStateAsync(ClientSessionGrain.StateName, GrainIdOf(SessionStates.NewId()), read, CancellationToken.None);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State.Incarnation);
    }

    [Fact]
    public async Task WriteBatchAsync_SamePendingEventsWrittenTwice_EventsInsertedOnce()
    {
        var id = SessionStates.NewId();
        var state = SessionStates.Full(id);
        var first = new GrainStateWrite(ClientSessionGrain.StateName, GrainIdOf(id), typeof(SessionState), state, null);
        await _storage.WriteBatchAsync([first], CancellationToken.None);

        // A write-behind snapshot taken before the grain cleared its pending list carries them again.
        state.HeartbeatsReceived++;
        var second = new GrainStateWrite(ClientSessionGrain.StateName, GrainIdOf(id), typeof(SessionState), state, first.NewETag);
        await _storage.WriteBatchAsync([second], CancellationToken.None);

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
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), new GrainState<SessionState> { State = seed }, CancellationToken.None);

        // A stale owner's transition: its row write fails, so its event must not appear either.
        var stale = SessionStates.Full(id, SessionStatus.Closed);
        stale.OwnerSilo = "silo-stale";
        var write = new GrainStateWrite(ClientSessionGrain.StateName, GrainIdOf(id), typeof(SessionState), stale, expectedETag: null);
        await _storage.WriteBatchAsync([write], CancellationToken.None);

        Assert.IsType<InconsistentStateException>(write.Error);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM session_events WHERE session_id = $1", id));
    }

    [Fact]
    public async Task WriteBatchAsync_SessionsAndOtherStatesTogether_OneRoundTrip()
    {
        var writes = new List<GrainStateWrite>();
        for (var i = 0; i < 50; i++)
        {
            var id = SessionStates.NewId();
            writes.Add(new GrainStateWrite(ClientSessionGrain.StateName, GrainIdOf(id), typeof(SessionState), SessionStates.Full(id), null));
            writes.Add(new GrainStateWrite("other", new GrainId("other", id), typeof(PostgresGrainStorageTests.CounterState), new PostgresGrainStorageTests.CounterState { Count = i }, null));
        }

        var before = _storage.RoundTrips;

        await _storage.WriteBatchAsync(writes, CancellationToken.None);

        Assert.Equal(before + 1, _storage.RoundTrips);
        Assert.All(writes, static w => Assert.Equal("1", w.NewETag));
        var ids = writes.Where(static w => w.StateName == ClientSessionGrain.StateName).Select(static w => w.GrainId.Key).ToArray();
        Assert.Equal(50L, await database.ScalarAsync<long>("SELECT count(*) FROM sessions WHERE session_id = ANY($1)", (object)ids));
        Assert.Equal(100L, await database.ScalarAsync<long>("SELECT count(*) FROM session_events WHERE session_id = ANY($1)", (object)ids));
        Assert.Equal(50L, await database.ScalarAsync<long>("SELECT count(*) FROM grain_state WHERE grain_type = 'other' AND grain_key = ANY($1)", (object)ids));
    }

    [Fact]
    public async Task WriteBatchAsync_StaleSessionUpdate_ConflictReportsStoredVersion()
    {
        var id = SessionStates.NewId();
        var state = new GrainState<SessionState> { State = SessionStates.Full(id) };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);
        state.State.OwnerEpoch++;
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);

        var stale = SessionStates.Full(id);
        stale.BytesIn = 1;
        var write = new GrainStateWrite(ClientSessionGrain.StateName, GrainIdOf(id), typeof(SessionState), stale, "1");
        await _storage.WriteBatchAsync([write], CancellationToken.None);

        Assert.Equal("2", Assert.IsType<InconsistentStateException>(write.Error).StoredEtag);
        Assert.Equal(107L, await database.ScalarAsync<long>("SELECT bytes_in FROM sessions WHERE session_id = $1", id));
    }

    [Fact]
    public async Task WriteBatchAsync_RetryOfCommittedSessionUpdate_Succeeds()
    {
        var id = SessionStates.NewId();
        var state = new GrainState<SessionState> { State = SessionStates.Full(id) };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);
        state.State.HeartbeatsReceived++;
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);

        var retry = SessionStates.Full(id);
        retry.HeartbeatsReceived++;
        var write = new GrainStateWrite(ClientSessionGrain.StateName, GrainIdOf(id), typeof(SessionState), retry, "1");
        await _storage.WriteBatchAsync([write], CancellationToken.None);

        Assert.Null(write.Error);
        Assert.Equal("2", write.NewETag);
    }

    [Fact]
    public async Task WriteBatchAsync_RetryOfCommittedOwnedInsert_SucceedsAsReplay()
    {
        // The first attempt of a new session's claim committed but its answer was lost: the grain still
        // holds no ETag. Reading that as a takeover would close a healthy client with taken-over.
        var id = SessionStates.NewId();
        await _storage.WriteBatchAsync([SessionWrite(id, SessionStates.Full(id), null)], CancellationToken.None);
        var replayedBefore = _storage.ReplayedWrites;

        var retry = SessionWrite(id, SessionStates.Full(id), null);
        await _storage.WriteBatchAsync([retry], CancellationToken.None);

        Assert.Null(retry.Error);
        Assert.Equal("1", retry.NewETag);
        Assert.Equal(replayedBefore + 1, _storage.ReplayedWrites);
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM session_events WHERE session_id = $1", id));
    }

    [Fact]
    public async Task WriteBatchAsync_SecondInsertWithoutOwner_StaysConflict()
    {
        // No owner, no proof that the stored row is this writer's own.
        var id = SessionStates.NewId();
        var unowned = SessionStates.Full(id);
        unowned.OwnerSilo = null;
        await _storage.WriteBatchAsync([SessionWrite(id, unowned, null)], CancellationToken.None);

        var again = SessionWrite(id, unowned, null);
        await _storage.WriteBatchAsync([again], CancellationToken.None);

        Assert.Equal("1", Assert.IsType<InconsistentStateException>(again.Error).StoredEtag);
    }

    [Fact]
    public async Task WriteBatchAsync_InsertRetryAfterTheRowMovedOn_StaysConflict()
    {
        // Same content, but the row has been written since (version 2): not a replay of the insert.
        var id = SessionStates.NewId();
        var state = new GrainState<SessionState> { State = SessionStates.Full(id) };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);

        var retry = SessionWrite(id, SessionStates.Full(id), null);
        await _storage.WriteBatchAsync([retry], CancellationToken.None);

        Assert.Equal("2", Assert.IsType<InconsistentStateException>(retry.Error).StoredEtag);
    }

    private static GrainStateWrite SessionWrite(string id, SessionState state, string? etag)
        => new(ClientSessionGrain.StateName, GrainIdOf(id), typeof(SessionState), state, etag);

    [Fact]
    public async Task ClearStateAsync_CurrentETag_DeletesRowAndKeepsEvents()
    {
        var id = SessionStates.NewId();
        var state = new GrainState<SessionState> { State = SessionStates.Full(id) };
        await _storage.WriteStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);

        await _storage.ClearStateAsync(ClientSessionGrain.StateName, GrainIdOf(id), state, CancellationToken.None);

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
        var bad = new GrainStateWrite(ClientSessionGrain.StateName, GrainIdOf(id), typeof(SessionState), state, null);
        var goodId = SessionStates.NewId();
        var good = new GrainStateWrite(ClientSessionGrain.StateName, GrainIdOf(goodId), typeof(SessionState), SessionStates.Full(goodId), null);

        await _storage.WriteBatchAsync([bad, good], CancellationToken.None);

        Assert.IsType<InvalidOperationException>(bad.Error);
        Assert.Equal("1", good.NewETag);
    }

    private static GrainId GrainIdOf(string sessionId) => new("session", sessionId);
}
