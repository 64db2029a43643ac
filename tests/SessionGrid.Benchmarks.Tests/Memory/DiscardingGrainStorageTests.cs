using SessionGrid.Benchmarks.Memory;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Benchmarks.Tests.Memory;

public sealed class DiscardingGrainStorageTests
{
    private static readonly GrainId Id = new("session", "a");

    [Fact]
    public async Task ReadStateAsync_AfterWrite_StillNoRecord()
    {
        var storage = new DiscardingGrainStorage();
        var state = new GrainState<SessionState> { State = new SessionState { SessionId = "a" } };
        await storage.WriteStateAsync("session", Id, state, CancellationToken.None);

        var read = new GrainState<SessionState>();
        await storage.ReadStateAsync("session", Id, read, CancellationToken.None);

        Assert.True(state.RecordExists);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal("", read.State.SessionId);
    }

    [Fact]
    public async Task WriteBatchAsync_EveryRow_Succeeds()
    {
        var storage = new DiscardingGrainStorage();
        var writes = new[]
        {
            new GrainStateWrite("session", Id, typeof(SessionState), new SessionState(), null),
            new GrainStateWrite("session", new GrainId("session", "b"), typeof(SessionState), new SessionState(), "7"),
        };

        await storage.WriteBatchAsync(writes, CancellationToken.None);

        Assert.All(writes, w => Assert.NotNull(w.NewETag));
        Assert.All(writes, w => Assert.Null(w.Error));
    }
}
