using SessionGrid.Benchmarks.Memory;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Benchmarks.Tests.Memory;

public sealed class DiscardingSessionStoreTests
{
    [Fact]
    public async Task ReadAsync_AfterWrite_StillNoRecord()
    {
        var store = new DiscardingSessionStore();
        await store.WriteBatchAsync([new SessionStateWrite("a", new SessionState { SessionId = "a" }, null)], CancellationToken.None);

        Assert.Null(await store.ReadAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task WriteBatchAsync_EveryRow_SucceedsAndIsCounted()
    {
        var store = new DiscardingSessionStore();
        SessionStateWrite[] writes =
        [
            new("a", new SessionState(), null),
            new("b", new SessionState(), "7"),
        ];

        await store.WriteBatchAsync(writes, CancellationToken.None);

        Assert.All(writes, w => Assert.NotNull(w.NewETag));
        Assert.All(writes, w => Assert.Null(w.Error));
        Assert.Equal(2, store.Rows);
    }
}
