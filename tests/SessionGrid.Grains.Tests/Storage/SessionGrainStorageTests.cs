using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Sessions;

namespace SessionGrid.Grains.Tests.Storage;

/// <summary>The "sessions" provider on its own: group commit, ETags, a store that fails, shedding, drain and abort.</summary>
public sealed class SessionGrainStorageTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan WriteBehindWindow = TimeSpan.FromMilliseconds(200);
    private readonly ManualTimeProvider _time = new();
    private readonly MemorySessionStore _memory = new();
    private readonly List<SessionGrainStorage> _storages = [];

    public void Dispose()
    {
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }
    }

    [Fact]
    public async Task WriteStateAsync_ManyGrainsWhileABatchIsInFlight_ShareTheNextRoundTrip()
    {
        const int queued = 20;
        var store = new GatedSessionStore(_memory) { HoldFirstBatch = true };
        var storage = NewStorage(store);
        var first = WriteAndReadBackAsync(storage, "s0");
        await store.FirstBatchEntered.WaitAsync(Guard);

        var rest = Enumerable.Range(1, queued).Select(i => WriteAndReadBackAsync(storage, "s" + i)).ToArray();

        Assert.Equal(queued + 1, storage.PendingWrites);
        Assert.False(first.IsCompleted);
        Assert.All(rest, static t => Assert.False(t.IsCompleted));
        Assert.Equal(0, _memory.Count);

        store.ReleaseFirstBatch();
        var storedWhenCompleted = await Task.WhenAll(rest.Prepend(first)).WaitAsync(Guard);

        Assert.Equal([1, queued], store.BatchSizes);
        Assert.Equal(2, storage.BatchesWritten);
        Assert.Equal(queued + 1, storage.RowsWritten);
        Assert.Equal(0, storage.PendingWrites);
        Assert.All(storedWhenCompleted, static etag => Assert.Equal("1", etag));
    }

    [Fact]
    public async Task WriteStateAsync_ConcurrentWritersWhileBatchesComplete_PendingWritesReturnsToZero()
    {
        // Callers queue while the writer completes rows: every write must be counted in and out exactly
        // once, or the count drifts and write-behind is shed for good once it reaches MaxPendingWrites.
        var storage = NewStorage(_memory);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var round = 0; round < 100; round++)
            {
                var writes = new Task[200];
                for (var i = 0; i < writes.Length; i++)
                {
                    writes[i] = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf($"w{w}-{round}-{i}"), NewState($"w{w}-{round}-{i}"));
                }

                await Task.WhenAll(writes);
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));
        await storage.DrainAsync(CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(4 * 100 * 200, storage.RowsWritten);
        Assert.Equal(0, storage.PendingWrites);
    }

    [Fact]
    public async Task WriteStateAsync_StateChangedWhileQueued_WritesTheStateAsItWasAtTheCall()
    {
        var store = new GatedSessionStore(_memory) { HoldFirstBatch = true };
        var storage = NewStorage(store);
        var state = NewState("s1");
        var write = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), state);

        state.State!.HeartbeatsReceived = 12345;
        state.State.RecentTransitions.Clear();
        store.ReleaseFirstBatch();
        await write.WaitAsync(Guard);

        var stored = await _memory.ReadAsync("s1", CancellationToken.None);
        Assert.Equal(SessionStates.Full("s1").HeartbeatsReceived, stored?.State.HeartbeatsReceived);
        Assert.Equal(2, stored?.State.RecentTransitions.Count);
    }

    [Fact]
    public async Task WriteStateAsync_ETags_AreTheStoredVersionsAndAStaleOneIsAConflict()
    {
        var storage = NewStorage(_memory);
        var grain = GrainOf("s1");
        var state = NewState("s1");

        await storage.WriteStateAsync(ClientSessionGrain.StateName, grain, state);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);
        await storage.WriteStateAsync(ClientSessionGrain.StateName, grain, state);
        Assert.Equal("2", state.ETag);

        var stale = NewState("s1");
        stale.ETag = "1";
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(ClientSessionGrain.StateName, grain, stale));
        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal(1, storage.Conflicts);

        var read = new GrainState<SessionState>();
        await storage.ReadStateAsync(ClientSessionGrain.StateName, grain, read);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("s1", read.State!.SessionId);
    }

    [Fact]
    public async Task ReadStateAsync_MissingRow_GivesAFreshStateWithoutRecord()
    {
        var storage = NewStorage(_memory);
        var read = new GrainState<SessionState> { ETag = "7", RecordExists = true };

        await storage.ReadStateAsync(ClientSessionGrain.StateName, GrainOf("nobody"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.Incarnation);
    }

    [Fact]
    public async Task ClearStateAsync_CurrentETag_RemovesTheRecord()
    {
        var storage = NewStorage(_memory);
        var state = NewState("s1");
        await storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), state);

        await storage.ClearStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, _memory.Count);
    }

    [Fact]
    public async Task WriteStateAsync_OtherStateType_IsNotSupported()
    {
        var storage = NewStorage(_memory);

        await Assert.ThrowsAsync<NotSupportedException>(() => storage.WriteStateAsync("other", GrainOf("s1"), new GrainState<string> { State = "x" }));
    }

    [Fact]
    public async Task WriteStateAsync_StoreDown_KeepsTheWritesQueuedUntilItIsBack()
    {
        var store = new GatedSessionStore(_memory) { Failing = true };
        var storage = NewStorage(store);
        Assert.False(storage.WhenDegraded.IsCompleted);

        var first = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), NewState("s1"));
        await storage.WhenDegraded.WaitAsync(Guard);
        Assert.True(storage.IsDegraded);
        Assert.True(await Eventually.TrueAsync(() => _time.ActiveTimerCount == 1), "the writer should wait out its backoff on the session clock");
        var second = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s2"), NewState("s2"));

        store.Failing = false;
        _time.Advance(Backoff - TimeSpan.FromTicks(1));
        Assert.Equal(1, store.Attempts);
        Assert.False(first.IsCompleted);
        Assert.Equal(2, storage.PendingWrites);

        _time.Advance(TimeSpan.FromTicks(1));
        await Task.WhenAll(first, second).WaitAsync(Guard);

        Assert.False(storage.IsDegraded);
        Assert.False(storage.WhenDegraded.IsCompleted);
        Assert.Equal(2, store.Attempts);
        Assert.Equal(1, storage.WriteFailures);
        Assert.Equal(2, storage.RowsWritten);
        Assert.Equal(0, storage.PendingWrites);
        Assert.Equal(2, _memory.Count);
    }

    [Fact]
    public async Task WriteStateAsync_StoreKeepsFailing_BackoffDoublesUpToItsCap()
    {
        var store = new GatedSessionStore(_memory) { Failing = true };
        var storage = NewStorage(store, o => o.RetryBackoffMax = TimeSpan.FromMilliseconds(400));
        var write = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), NewState("s1"));

        foreach (var wait in new[] { 250, 400, 400 })
        {
            // The writer failed and now waits out its backoff on the session clock.
            Assert.True(await Eventually.TrueAsync(() => _time.ActiveTimerCount == 1));
            var attempts = store.Attempts;
            Assert.Equal(attempts, storage.WriteFailures);
            _time.Advance(TimeSpan.FromMilliseconds(wait - 1));
            Assert.Equal(attempts, store.Attempts);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(await Eventually.TrueAsync(() => store.Attempts == attempts + 1));
        }

        Assert.False(write.IsCompleted);
        Assert.True(storage.IsDegraded);
    }

    [Fact]
    public async Task TryAdmitWriteBehind_PendingAtTheLimit_RefusesAndCountsTheShedWrites()
    {
        var store = new GatedSessionStore(_memory) { HoldFirstBatch = true };
        var storage = NewStorage(store, o => o.MaxPendingWrites = 2);
        Assert.True(storage.TryAdmitWriteBehind());
        var writes = new List<Task> { storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), NewState("s1")) };
        await store.FirstBatchEntered.WaitAsync(Guard);
        Assert.True(storage.TryAdmitWriteBehind());
        writes.Add(storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s2"), NewState("s2")));

        Assert.False(storage.TryAdmitWriteBehind());
        Assert.False(storage.TryAdmitWriteBehind());
        Assert.Equal(2, storage.ShedWrites);

        // Transitions are never refused: a write past the limit still queues.
        writes.Add(storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s3"), NewState("s3")));
        Assert.Equal(3, storage.PendingWrites);

        store.ReleaseFirstBatch();
        await Task.WhenAll(writes).WaitAsync(Guard);
        Assert.True(storage.TryAdmitWriteBehind());
        Assert.Equal(2, storage.ShedWrites);
    }

    [Fact]
    public async Task WriteBehindAsync_StoreThatBatches_HoldsTheRowsUntilTheOldestIsAWindowOld()
    {
        var (store, storage) = NewBatchingStorage();
        var first = storage.WriteBehindAsync("s1", NewState("s1"));
        _time.Advance(WriteBehindWindow / 2);
        var second = storage.WriteBehindAsync("s2", NewState("s2"));

        Assert.Equal(2, storage.PendingWrites);
        Assert.Equal(0, store.Attempts);

        // Half a window more makes the first row a window old: both go, in one round trip.
        Assert.True(
            await Eventually.TrueAsync(() => Task.FromResult(first.IsCompleted), between: () => _time.Advance(WriteBehindWindow / 2)),
            $"pending {storage.PendingWrites}, attempts {store.Attempts}");
        await Task.WhenAll(first, second).WaitAsync(Guard);
        Assert.Equal([2], store.BatchSizes);
    }

    [Fact]
    public async Task WriteStateAsync_StoreThatBatchesHoldsWriteBehind_SendsItWithTheWriteThroughAtOnce()
    {
        var (store, storage) = NewBatchingStorage();
        var behind = storage.WriteBehindAsync("s1", NewState("s1"));

        // The clock stands still: only the write-through can send the held row.
        await storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s2"), NewState("s2")).WaitAsync(Guard);
        await behind.WaitAsync(Guard);

        Assert.Equal([2], store.BatchSizes);
    }

    [Fact]
    public async Task WriteBehindAsync_StoreThatBatches_FullBatchGoesWithoutWaiting()
    {
        var (store, storage) = NewBatchingStorage(o => o.MaxBatchSize = 3);
        var writes = Enumerable.Range(1, 3).Select(i => storage.WriteBehindAsync("s" + i, NewState("s" + i))).ToArray();

        await Task.WhenAll(writes).WaitAsync(Guard);

        Assert.Equal(3, store.BatchSizes.Sum());
        Assert.Equal(3, storage.RowsWritten);
    }

    [Fact]
    public async Task Expedite_WhileWriteBehindIsHeld_SendsItAtOnce()
    {
        var (store, storage) = NewBatchingStorage();
        var behind = storage.WriteBehindAsync("s1", NewState("s1"));
        Assert.Equal(1, storage.PendingWrites);

        storage.Expedite();

        await behind.WaitAsync(Guard);
        Assert.Equal([1], store.BatchSizes);
    }

    [Fact]
    public async Task WriteBehindAsync_NoState_IsRefusedBeforeAnythingIsQueued()
    {
        var storage = NewStorage(_memory);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteBehindAsync("s1", new GrainState<SessionState>()));

        Assert.Contains("Session s1 has no state to write.", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, storage.PendingWrites);
    }

    [Fact]
    public async Task WriteBehindAsync_StoreThatDoesNotBatch_GoesAtOnce()
    {
        var storage = NewStorage(_memory, o => o.WriteBehindWindow = WriteBehindWindow);

        await storage.WriteBehindAsync("s1", NewState("s1")).WaitAsync(Guard);

        Assert.Equal(1, _memory.Batches);
    }

    [Fact]
    public async Task DrainAsync_NothingQueued_CompletesAtOnce()
    {
        var storage = NewStorage(_memory);

        await storage.DrainAsync(CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(0, storage.PendingWrites);
    }

    [Fact]
    public async Task DrainAsync_BatchInFlight_CompletesOnceEverythingIsWritten()
    {
        var store = new GatedSessionStore(_memory) { HoldFirstBatch = true };
        var storage = NewStorage(store);
        var write = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), NewState("s1"));
        await store.FirstBatchEntered.WaitAsync(Guard);
        var queued = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s2"), NewState("s2"));

        var drained = storage.DrainAsync(CancellationToken.None);
        Assert.False(drained.IsCompleted);

        store.ReleaseFirstBatch();
        await drained.WaitAsync(Guard);

        // Durable by then; the callers' continuations run on their own.
        Assert.Equal(2, _memory.Count);
        Assert.Equal(0, storage.PendingWrites);
        await Task.WhenAll(write, queued).WaitAsync(Guard);
    }

    [Fact]
    public async Task DrainAsync_Cancelled_ThrowsAndLeavesTheWritesQueued()
    {
        var store = new GatedSessionStore(_memory) { HoldFirstBatch = true };
        var storage = NewStorage(store);
        var write = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), NewState("s1"));
        await store.FirstBatchEntered.WaitAsync(Guard);
        using var cancel = new CancellationTokenSource();

        var drained = storage.DrainAsync(cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drained);
        Assert.Equal(1, storage.PendingWrites);
        store.ReleaseFirstBatch();
        await write.WaitAsync(Guard);
    }

    [Fact]
    public async Task Abort_StoreDown_FailsTheQueuedWritesWithOperationCanceled()
    {
        var store = new GatedSessionStore(_memory) { Failing = true };
        var storage = NewStorage(store);
        var write = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), NewState("s1"));
        await storage.WhenDegraded.WaitAsync(Guard);

        storage.Abort();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write.WaitAsync(Guard));
        await storage.DrainAsync(CancellationToken.None).WaitAsync(Guard);
        Assert.Equal(0, storage.PendingWrites);
        Assert.Equal(0, _memory.Count);
    }

    [Fact]
    public async Task Abort_BatchInTheStore_CancelsItAndFailsEveryQueuedWrite()
    {
        var store = new GatedSessionStore(_memory) { HoldFirstBatch = true };
        var storage = NewStorage(store);
        var inStore = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s1"), NewState("s1"));
        await store.FirstBatchEntered.WaitAsync(Guard);
        var queued = storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf("s2"), NewState("s2"));

        storage.Abort();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inStore.WaitAsync(Guard));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Guard));
        await storage.DrainAsync(CancellationToken.None).WaitAsync(Guard);
        Assert.Equal(0, storage.PendingWrites);
    }

    private SessionGrainStorage NewStorage(ISessionStore store, Action<PersistenceOptions>? configure = null)
    {
        var options = new PersistenceOptions { RetryBackoffInitial = Backoff };
        configure?.Invoke(options);
        var storage = new SessionGrainStorage(store, Options.Create(options), _time, NullLogger<SessionGrainStorage>.Instance);
        _storages.Add(storage);
        return storage;
    }

    /// <summary>A provider over a store that batches (as PostgreSQL's does), holding write-behind for <see cref="WriteBehindWindow"/>.</summary>
    private (GatedSessionStore Store, SessionGrainStorage Storage) NewBatchingStorage(Action<PersistenceOptions>? configure = null)
    {
        var store = new GatedSessionStore(_memory) { Batches = true };
        var storage = NewStorage(store, o =>
        {
            o.WriteBehindWindow = WriteBehindWindow;
            configure?.Invoke(o);
        });
        return (store, storage);
    }

    /// <summary>Writes a session and returns the ETag the store held for it when the write completed.</summary>
    private async Task<string?> WriteAndReadBackAsync(SessionGrainStorage storage, string id)
    {
        await storage.WriteStateAsync(ClientSessionGrain.StateName, GrainOf(id), NewState(id));
        return (await _memory.ReadAsync(id, CancellationToken.None))?.ETag;
    }

    private static GrainState<SessionState> NewState(string id) => new() { State = SessionStates.Full(id) };

    private static GrainId GrainOf(string id) => GrainId.Create("clientsession", id);
}
