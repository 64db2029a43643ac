using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SessionGrid.Postgres.Storage;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Postgres.Tests.Storage;

public sealed class PostgresGrainStorageTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private const string StateName = "counter";

    private readonly PostgresGrainStorage _storage = Create(database.DataSource);

    [Fact]
    public async Task WriteStateAsync_NewState_StoresJsonPayloadInGrainStateWithVersionOne()
    {
        var grainId = NewGrainId();

        await _storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState> { State = new CounterState { Count = 42, Label = "x" } }, CancellationToken.None);

        Assert.Equal(42, await database.ScalarAsync<int>(
            "SELECT (payload->>'Count')::int FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3", grainId.Type, grainId.Key, StateName));
        Assert.Equal(1L, await database.ScalarAsync<long>(
            "SELECT version FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3", grainId.Type, grainId.Key, StateName));
    }

    [Fact]
    public async Task WriteStateAsync_DoubleInsert_SecondThrowsInconsistentStateWithStoredVersion()
    {
        var grainId = NewGrainId();
        await _storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState> { State = new CounterState { Count = 1 } }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(
            StateName, grainId, new GrainState<CounterState> { State = new CounterState { Count = 1 } }, CancellationToken.None));

        Assert.Equal("1", error.StoredEtag);
        Assert.Null(error.CurrentEtag);
    }

    [Fact]
    public async Task WriteStateAsync_StaleETagOtherContent_ThrowsAndKeepsStoredRow()
    {
        var grainId = NewGrainId();
        var current = new GrainState<CounterState> { State = new CounterState { Count = 1 } };
        await _storage.WriteStateAsync(StateName, grainId, current, CancellationToken.None);
        current.State.Count = 2;
        await _storage.WriteStateAsync(StateName, grainId, current, CancellationToken.None);

        var stale = new GrainState<CounterState> { State = new CounterState { Count = 99 }, ETag = "1" };
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grainId, stale, CancellationToken.None));

        Assert.Equal("2", error.StoredEtag);
        Assert.Equal("1", error.CurrentEtag);
        Assert.Equal(2, (await ReadAsync(grainId)).State.Count);
    }

    [Fact]
    public async Task WriteStateAsync_RetryOfCommittedUpdate_SucceedsWithTheVersionItWrote()
    {
        // The first attempt committed but its answer was lost: the caller still holds ETag 1.
        var grainId = NewGrainId();
        var state = new GrainState<CounterState> { State = new CounterState { Count = 1 } };
        await _storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);
        state.State.Count = 2;
        await _storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState> { State = state.State, ETag = "1" }, CancellationToken.None);
        var replayedBefore = _storage.ReplayedWrites;

        var retry = new GrainState<CounterState> { State = new CounterState { Count = 2 }, ETag = "1" };
        await _storage.WriteStateAsync(StateName, grainId, retry, CancellationToken.None);

        Assert.Equal("2", retry.ETag);
        Assert.Equal(replayedBefore + 1, _storage.ReplayedWrites);
        Assert.Equal("2", (await ReadAsync(grainId)).ETag);
    }

    [Fact]
    public async Task WriteStateAsync_ETagThatIsNotAVersion_ThrowsWithoutARoundTrip()
    {
        var before = _storage.RoundTrips;

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(
            StateName, NewGrainId(), new GrainState<CounterState> { ETag = "W/\"abc\"" }, CancellationToken.None));

        Assert.Equal(before, _storage.RoundTrips);
    }

    [Fact]
    public async Task WriteBatchAsync_TwentyMixedRows_OneRoundTripWithPerRowOutcome()
    {
        // 10 updates (every other one stale), 5 inserts, 5 inserts over existing rows.
        var updates = new List<(GrainId Id, string ETag, bool Stale)>();
        for (var i = 0; i < 10; i++)
        {
            var id = NewGrainId();
            var seed = new GrainState<CounterState> { State = new CounterState { Count = i } };
            await _storage.WriteStateAsync(StateName, id, seed, CancellationToken.None);
            var stale = i % 2 == 1;
            if (stale)
            {
                await _storage.WriteStateAsync(StateName, id, seed, CancellationToken.None);
            }

            updates.Add((id, stale ? "1" : seed.ETag!, stale));
        }

        var existing = new List<GrainId>();
        for (var i = 0; i < 5; i++)
        {
            var id = NewGrainId();
            await _storage.WriteStateAsync(StateName, id, new GrainState<CounterState>(), CancellationToken.None);
            existing.Add(id);
        }

        var writes = new List<GrainStateWrite>();
        writes.AddRange(updates.Select(u => Write(u.Id, 100, u.ETag)));
        writes.AddRange(Enumerable.Range(0, 5).Select(_ => Write(NewGrainId(), 200, null)));
        writes.AddRange(existing.Select(id => Write(id, 300, null)));
        var before = _storage.RoundTrips;

        await _storage.WriteBatchAsync(writes, CancellationToken.None);

        Assert.Equal(before + 1, _storage.RoundTrips);
        for (var i = 0; i < 10; i++)
        {
            if (updates[i].Stale)
            {
                var conflict = Assert.IsType<InconsistentStateException>(writes[i].Error);
                Assert.Equal("2", conflict.StoredEtag);
                Assert.Null(writes[i].NewETag);
            }
            else
            {
                Assert.Null(writes[i].Error);
                Assert.Equal("2", writes[i].NewETag);
                Assert.Equal(100, (await ReadAsync(updates[i].Id)).State.Count);
            }
        }

        foreach (var write in writes.Skip(10).Take(5))
        {
            Assert.Equal("1", write.NewETag);
            Assert.Equal(200, (await ReadAsync(write.GrainId)).State.Count);
        }

        foreach (var write in writes.Skip(15))
        {
            Assert.Equal("1", Assert.IsType<InconsistentStateException>(write.Error).StoredEtag);
            Assert.Equal(0, (await ReadAsync(write.GrainId)).State.Count);
        }
    }

    [Fact]
    public async Task WriteBatchAsync_SameRecordTwice_SecondIsConflictAndFirstIsWritten()
    {
        var grainId = NewGrainId();
        var writes = new[] { Write(grainId, 1, null), Write(grainId, 2, null) };

        await _storage.WriteBatchAsync(writes, CancellationToken.None);

        Assert.Equal("1", writes[0].NewETag);
        Assert.IsType<InconsistentStateException>(writes[1].Error);
        Assert.Equal(1, (await ReadAsync(grainId)).State.Count);
    }

    [Fact]
    public async Task WriteBatchAsync_RowWithNulCharacter_FailsAloneWithoutConflict()
    {
        var good = Write(NewGrainId(), 5, null);
        var bad = new GrainStateWrite(StateName, NewGrainId(), typeof(CounterState), new CounterState { Label = "a\0b" }, null);

        await _storage.WriteBatchAsync([good, bad], CancellationToken.None);

        Assert.Equal("1", good.NewETag);
        Assert.NotNull(bad.Error);
        Assert.IsNotType<InconsistentStateException>(bad.Error);
        Assert.False((await ReadAsync(bad.GrainId)).RecordExists);
    }

    [Fact]
    public async Task WriteBatchAsync_ServerNotListening_ThrowsNpgsqlExceptionAndLeavesRowsUnset()
    {
        await using var unreachable = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Timeout=5;Pooling=false");
        var storage = Create(unreachable);
        var write = Write(NewGrainId(), 1, null);

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => storage.WriteBatchAsync([write], CancellationToken.None));

        Assert.IsNotType<InconsistentStateException>(error);
        Assert.Null(write.NewETag);
        Assert.Null(write.Error);
    }

    [Fact]
    public async Task WriteStateAsync_ServerNotListening_ThrowsNpgsqlException()
    {
        await using var unreachable = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Timeout=5;Pooling=false");
        var storage = Create(unreachable);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => storage.WriteStateAsync(StateName, NewGrainId(), new GrainState<CounterState>(), CancellationToken.None));
    }

    [Fact]
    public async Task ClearStateAsync_NullETagOverExistingRecord_ThrowsAndKeepsRecord()
    {
        var grainId = NewGrainId();
        await _storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState>(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grainId, new GrainState<CounterState>(), CancellationToken.None));

        Assert.Equal("1", error.StoredEtag);
        Assert.True((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public void JsonHasNulEscape_EscapedBackslashBeforeU0000_IsNotANul()
    {
        Assert.True(PostgresGrainStorage.JsonHasNulEscape("""{"a":"x\u0000"}"""));
        Assert.False(PostgresGrainStorage.JsonHasNulEscape("""{"a":"x\\u0000"}"""));
        Assert.True(PostgresGrainStorage.JsonHasNulEscape("""{"a":"x\\\u0000"}"""));
        Assert.False(PostgresGrainStorage.JsonHasNulEscape("""{"a":"\u0001"}"""));
    }

    internal static PostgresGrainStorage Create(NpgsqlDataSource dataSource)
        => new(dataSource, Options.Create(new GrainStateSerializerOptions()), NullLogger<PostgresGrainStorage>.Instance);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static GrainId NewGrainId() => new("counter", Guid.NewGuid().ToString("N"));

    private static GrainStateWrite Write(GrainId grainId, int count, string? eTag)
        => new(StateName, grainId, typeof(CounterState), new CounterState { Count = count }, eTag);

    private async Task<GrainState<CounterState>> ReadAsync(GrainId grainId)
    {
        var state = new GrainState<CounterState>();
        await _storage.ReadStateAsync(StateName, grainId, state, CancellationToken.None);
        return state;
    }

    public sealed class CounterState
    {
        public int Count { get; set; }

        public string? Label { get; set; }
    }
}
