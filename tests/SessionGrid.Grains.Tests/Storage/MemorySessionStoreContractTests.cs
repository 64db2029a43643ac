using SessionGrid.Grains.Storage;
using SessionGrid.TestKit.Sessions;
using SessionGrid.TestKit.Storage;

namespace SessionGrid.Grains.Tests.Storage;

public sealed class MemorySessionStoreContractTests : SessionStoreContractTests
{
    private readonly MemorySessionStore _store = new();

    protected override ISessionStore Store => _store;

    [Fact]
    public async Task WriteBatchAsync_EachBatch_CountsOneRoundTrip()
    {
        var a = SessionStates.NewId();
        var b = SessionStates.NewId();

        await _store.WriteBatchAsync([new SessionStateWrite(a, SessionStates.Full(a), null), new SessionStateWrite(b, SessionStates.Full(b), null)], CancellationToken.None);

        Assert.Equal(1, _store.Batches);
        Assert.Equal(2, _store.Count);
    }

    [Fact]
    public async Task ReadAsync_StoredSnapshot_IsNotTheObjectHandedOut()
    {
        var id = SessionStates.NewId();
        var snapshot = SessionStates.Full(id);
        await WriteAsync(id, snapshot, expectedETag: null);

        var read = await ReadAsync(id);

        Assert.NotSame(snapshot, read.State);
        Assert.NotSame(snapshot.RecentTransitions, read.State.RecentTransitions);
        Assert.Same(snapshot, Assert.Single(_store.Snapshot()));
    }
}
