using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit.Sessions;

namespace SessionGrid.Grains.Tests.Cluster;

public sealed class MemoryOrphanedSessionQueryTests
{
    [Fact]
    public async Task ListLiveNotOwnedBy_MixedOwnersAndStatuses_OnlyLiveOfDepartedOwnersPagedById()
    {
        var store = new MemorySessionStore();
        var writes = new[]
        {
            ("o-5", SessionStatus.Live, "gone"), ("o-1", SessionStatus.Live, "gone"), ("o-3", SessionStatus.Live, "other-gone"),
            ("o-2", SessionStatus.Live, "alive"), ("o-4", SessionStatus.Leave, "gone"), ("o-6", SessionStatus.Closed, "gone"),
        }.Select(static s =>
        {
            var state = SessionStates.Full(s.Item1, s.Item2);
            state.OwnerSilo = s.Item3;
            return new SessionStateWrite(s.Item1, state, null);
        }).ToArray();
        await store.WriteBatchAsync(writes, CancellationToken.None);
        var query = new MemoryOrphanedSessionQuery(store);

        var first = await query.ListLiveNotOwnedByAsync(["alive"], null, 2, CancellationToken.None);
        var second = await query.ListLiveNotOwnedByAsync(["alive"], first[^1].SessionId, 2, CancellationToken.None);

        Assert.Equal([("o-1", "gone"), ("o-3", "other-gone")], first.Select(static o => (o.SessionId, o.OwnerSilo)));
        Assert.Equal([("o-5", "gone")], second.Select(static o => (o.SessionId, o.OwnerSilo)));
    }
}
