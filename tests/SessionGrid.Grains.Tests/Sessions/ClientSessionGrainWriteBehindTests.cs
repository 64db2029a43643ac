using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Grains.Tests.Storage;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests.Sessions;

/// <summary>
/// How a session's counters reach the store: at once when its last write is MaxStaleness (5 s) old, else by
/// one flush deadline within MaxStaleness, whose wheel entry goes once it has written; a store that batches
/// has the provider hold write-behind for the write-behind window (250 ms) unless a write-through, a drain or
/// the session's own transition sends it. Session time is on a manual clock; every write bumps the row's
/// version (its ETag) by one, so the ETag counts writes.
/// </summary>
public sealed class ClientSessionGrainWriteBehindTests
{
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WriteBehindWindow = TimeSpan.FromMilliseconds(250);
    private readonly ManualTimeProvider _time = new();

    private static HeartbeatRequest Beat() => new(1, ClientDeclaredStatus.Live, "10.0.0.5", 5, 40);

    [Fact]
    public async Task HeartbeatAsync_MaxStalenessAfterTheLastWrite_IsWrittenAtOnceWithoutAFlushDeadline()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        await AttachAndSettleAsync(host, "s1");
        var fired = host.Wheel.FiredTotal;

        _time.Advance(MaxStaleness);
        await host.Session("s1").HeartbeatAsync(Beat());

        // The clock stands still from here on, so no deadline can fire: the heartbeat's own turn wrote.
        var stored = await WrittenAsync(host, "s1", "3");
        Assert.Equal(1, stored.State.HeartbeatsReceived);
        Assert.Equal(fired, host.Wheel.FiredTotal);
        Assert.Equal(1, host.Wheel.HeldDeadlines);
        Assert.Equal(1, host.Wheel.Count);
    }

    [Fact]
    public async Task HeartbeatAsync_StoreThatBatches_IsHeldForTheWriteBehindWindowWithoutAFlushDeadline()
    {
        // PostgreSQL's store batches: the provider holds write-behind so many sessions share a round trip.
        await using var held = await StartWithAHeldWriteBehindAsync();

        Assert.Equal("2", (await ReadAsync(held.Rows, "s1")).ETag);
        Assert.Equal(1, held.Host.Wheel.HeldDeadlines);

        _time.Advance(WriteBehindWindow);
        Assert.Equal(1, (await WrittenAsync(held.Host, "s1", "3")).State.HeartbeatsReceived);
    }

    [Fact]
    public async Task AttachAsync_WhileAWriteBehindIsHeld_ItsWriteThroughTakesTheHeldRowInOneRoundTrip()
    {
        await using var held = await StartWithAHeldWriteBehindAsync();
        var attempts = held.Store.Attempts;

        // The clock stands still: only s2's claim (written through) can send s1's held row.
        await held.Host.AttachAsync("s2", new RecordingConnection(2));

        Assert.Equal("1", (await ReadAsync(held.Rows, "s2")).ETag);
        Assert.Equal(("3", 1L), await EtagAndHeartbeatsAsync(held.Rows, "s1"));
        Assert.Equal(attempts + 1, held.Store.Attempts);
        Assert.Equal(2, held.Store.BatchSizes[^1]);
    }

    [Fact]
    public async Task KickAsync_WhileTheSessionsOwnWriteBehindIsHeld_DoesNotWaitForTheWindow()
    {
        await using var held = await StartWithAHeldWriteBehindAsync();

        // The kick's transition waits for the held write, which it sends at once; the clock stands still.
        Assert.True(await held.Host.Session("s1").KickAsync(new KickRequest("ops", Note: null)));

        var stored = await ReadAsync(held.Rows, "s1");
        Assert.Equal(("4", SessionStatus.Closed, 1L), (stored.ETag, stored.State.Status, stored.State.HeartbeatsReceived));
        Assert.Equal(TransitionReasons.Kicked, await held.Connection.Closed.WaitAsync(Eventually.DefaultTimeout));
    }

    [Fact]
    public async Task DrainAsync_WhileAWriteBehindIsHeld_SendsItWithoutWaitingForTheWindow()
    {
        await using var held = await StartWithAHeldWriteBehindAsync();

        await held.Host.Storage.DrainAsync(CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(("3", 1L), await EtagAndHeartbeatsAsync(held.Rows, "s1"));
    }

    [Fact]
    public async Task HeartbeatAsync_WithinMaxStalenessOfAWrite_IsWrittenOnceByTheFlushWithinMaxStaleness()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        await AttachAndSettleAsync(host, "s1");

        // 1, 2 and 3 s after the last write: the first arms the flush, MaxStaleness after itself.
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(Second);
            await grain.HeartbeatAsync(Beat());
        }

        Assert.Equal("2", (await ReadAsync(host.Store, "s1")).ETag);
        Assert.Equal(0, host.Storage.PendingWrites);
        Assert.Equal(2, host.Wheel.HeldDeadlines);

        _time.Advance(MaxStaleness - (2 * Second));
        var stored = await WrittenAsync(host, "s1", "3");
        Assert.Equal(3, stored.State.HeartbeatsReceived);
    }

    [Fact]
    public async Task Flush_AfterItWrote_ReleasesItsEntryAndTheNextChangeMakesANewOne()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");

        // The attach's acknowledgement armed a flush; it fired and wrote.
        await AttachAndSettleAsync(host, "s1");
        Assert.Equal(1, host.Wheel.HeldDeadlines);

        _time.Advance(Second);
        await grain.HeartbeatAsync(Beat());
        Assert.Equal(2, host.Wheel.HeldDeadlines);

        _time.Advance(MaxStaleness);
        Assert.Equal(1, (await WrittenAsync(host, "s1", "3")).State.HeartbeatsReceived);
        Assert.Equal(1, host.Wheel.HeldDeadlines);
        Assert.Equal(1, host.Wheel.Count);

        // A fast client: each flush's write is the "last write" the next heartbeat is too close to.
        _time.Advance(Second);
        await grain.HeartbeatAsync(Beat());
        Assert.Equal(2, host.Wheel.HeldDeadlines);
        _time.Advance(MaxStaleness);
        Assert.Equal(2, (await WrittenAsync(host, "s1", "4")).State.HeartbeatsReceived);
        Assert.Equal(1, host.Wheel.HeldDeadlines);
    }

    [Fact]
    public async Task HeartbeatAsync_StoreRefusingWriteBehinds_IsWrittenByTheFlushOnceAdmitted()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Persistence:MaxPendingWrites"] = "1",
            ["Persistence:RetryBackoffInitial"] = "00:00:01",
            ["Persistence:RetryBackoffMax"] = "00:00:01",

            // A long miss window: the clock moves on freely at the end without s1 leaving.
            ["HeartbeatPolicy:Interval"] = "00:01:00",
        };
        var rows = new MemorySessionStore();
        var store = new GatedSessionStore(rows);
        await using var host = await SessionRuntimeHost.StartAsync(_time, settings, rows, storeInFront: store);
        await AttachAndSettleAsync(host, "s1");

        // Another session's write, retried while the store is down, fills the buffer.
        store.Failing = true;
        await host.AttachAsync("s2", new RecordingConnection(2));
        Assert.Equal(1, host.Storage.PendingWrites);

        _time.Advance(MaxStaleness + Second);
        var shed = host.Storage.ShedWrites;
        await host.Session("s1").HeartbeatAsync(Beat());
        Assert.Equal(shed + 1, host.Storage.ShedWrites);
        Assert.Equal(1, host.Storage.PendingWrites);

        // The flush finds the buffer still full: refused again, and armed again.
        _time.Advance(MaxStaleness);
        Assert.True(await Eventually.TrueAsync(() => host.Storage.ShedWrites == shed + 2), host.Describe());
        Assert.Equal("2", (await ReadAsync(rows, "s1")).ETag);

        store.Failing = false;
        Assert.True(
            await Eventually.TrueAsync(
                async () => (await ReadAsync(rows, "s1")).State.HeartbeatsReceived == 1,
                between: () => _time.Advance(TimeSpan.FromMilliseconds(250))),
            host.Describe());
        Assert.Equal("3", (await ReadAsync(rows, "s1")).ETag);
    }

    [Fact]
    public async Task HeartbeatAsync_RowClaimedByANewerOwner_ItsWriteAtOnceFencesThisActivationOut()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var connection = await AttachAndSettleAsync(host, "s1");

        // A newer activation elsewhere claims the row.
        var row = await ReadAsync(host.Store, "s1");
        row.State.OwnerEpoch++;
        var claim = new SessionStateWrite("s1", row.State, row.ETag);
        await host.Store.WriteBatchAsync([claim], CancellationToken.None);
        Assert.Null(claim.Error);

        _time.Advance(MaxStaleness);
        await host.Session("s1").HeartbeatAsync(Beat());

        Assert.Equal(TransitionReasons.TakenOver, await connection.Closed.WaitAsync(Eventually.DefaultTimeout));
        var stored = await ReadAsync(host.Store, "s1");
        Assert.Equal(("3", 0L), (stored.ETag, stored.State.HeartbeatsReceived));
    }

    /// <summary>
    /// Attaches session <paramref name="id"/> (written through: ETag 1), then lets the flush its
    /// acknowledgement armed write (ETag 2), so the session's last write is now and it holds only its
    /// miss deadline. Returns the session's connection.
    /// </summary>
    private async Task<RecordingConnection> AttachAndSettleAsync(SessionRuntimeHost host, string id)
    {
        var connection = new RecordingConnection(1);
        await host.AttachAsync(id, connection);
        Assert.Equal("1", (await ReadAsync(host.Store, id)).ETag);
        Assert.Equal(2, host.Wheel.HeldDeadlines);

        _time.Advance(MaxStaleness);
        await WrittenAsync(host, id, "2");
        Assert.Equal(1, host.Wheel.HeldDeadlines);
        return connection;
    }

    /// <summary>
    /// Session s1 attached and settled; then its store starts to batch (as PostgreSQL's does) and a heartbeat
    /// MaxStaleness later is handed to the provider, which holds it for the write-behind window.
    /// </summary>
    private async Task<HeldWriteBehind> StartWithAHeldWriteBehindAsync()
    {
        var rows = new MemorySessionStore();
        var store = new GatedSessionStore(rows);
        var host = await SessionRuntimeHost.StartAsync(_time, store: rows, storeInFront: store);
        try
        {
            var connection = await AttachAndSettleAsync(host, "s1");
            store.Batches = true;
            _time.Advance(MaxStaleness);
            await host.Session("s1").HeartbeatAsync(Beat());
            Assert.True(await Eventually.TrueAsync(() => host.Storage.PendingWrites == 1), host.Describe());
            return new HeldWriteBehind(host, store, rows, connection);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static async Task<(string ETag, long Heartbeats)> EtagAndHeartbeatsAsync(MemorySessionStore rows, string id)
    {
        var stored = await ReadAsync(rows, id);
        return (stored.ETag, stored.State.HeartbeatsReceived);
    }

    private static async Task<StoredSession> WrittenAsync(SessionRuntimeHost host, string id, string etag)
    {
        StoredSession? stored = null;
        Assert.True(
            await Eventually.TrueAsync(async () => (stored = await ReadAsync(host.Store, id)).ETag == etag),
            $"ETag {stored?.ETag}, expected {etag}; {host.Describe()}");
        return stored!;
    }

    private static async Task<StoredSession> ReadAsync(MemorySessionStore store, string id)
        => await store.ReadAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"Session {id} is not stored.");

    private sealed record HeldWriteBehind(SessionRuntimeHost Host, GatedSessionStore Store, MemorySessionStore Rows, RecordingConnection Connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
