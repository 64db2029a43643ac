using SessionGrid.Dashboard.Data;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit.Sessions;

namespace SessionGrid.Dashboard.Tests.Data;

/// <summary>The session grid's keyset feed over the in-memory store's real list query.</summary>
public sealed class SessionListSourceTests
{
    private const int Sessions = 2_500;

    private readonly MemorySessionQuery _query;
    private readonly List<SessionListQuery> _asked = [];

    public SessionListSourceTests()
    {
        var store = new MemorySessionStore();
        var writes = Enumerable.Range(0, Sessions)
            .Select(static i => $"row-{i:D5}")
            .Select(static id => new SessionStateWrite(id, SessionStates.Full(id, SessionStatus.Live), null))
            .ToList();
        store.WriteBatchAsync(writes, CancellationToken.None).GetAwaiter().GetResult();
        _query = new MemorySessionQuery(store, new SessionStateMachine(new HeartbeatPolicy()), TimeProvider.System);
    }

    [Fact]
    public async Task ReadAsync_FirstRows_LoadsOnePageAndPromisesMore()
    {
        var source = Source(new SessionListQuery());

        var (rows, total) = await source.ReadAsync(0, 30, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 30).Select(static i => $"row-{i:D5}"), rows.Select(static r => r.SessionId));
        Assert.Equal(SessionListQuery.DefaultLimit + SessionListQuery.DefaultLimit, total);
        Assert.Single(_asked);
        Assert.Null(_asked[0].After);
    }

    [Fact]
    public async Task ReadAsync_DeepJump_FollowsTheCursorWithoutRepeatsOrGaps()
    {
        var source = Source(new SessionListQuery { Direction = SortDirection.Desc });

        var (rows, _) = await source.ReadAsync(2_000, 50, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 50).Select(static i => $"row-{Sessions - 1 - 2_000 - i:D5}"), rows.Select(static r => r.SessionId));
        Assert.All(_asked, static q => Assert.InRange(q.Limit, 1, SessionListQuery.MaxLimit));
        Assert.All(_asked.Skip(1), static q => Assert.NotNull(q.After));
    }

    [Fact]
    public async Task ReadAsync_PastTheLastPage_ReturnsTheRestAndTheExactCount()
    {
        var source = Source(new SessionListQuery { IdPrefix = "row-024" });

        var (rows, total) = await source.ReadAsync(90, 50, CancellationToken.None);

        Assert.Equal(Enumerable.Range(2_490, 10).Select(static i => $"row-{i:D5}"), rows.Select(static r => r.SessionId));
        Assert.Equal(100, total);
        var asked = _asked.Count;
        Assert.Empty((await source.ReadAsync(100, 10, CancellationToken.None)).Rows);
        Assert.Equal(asked, _asked.Count);
    }

    private SessionListSource Source(SessionListQuery query) => new((q, ct) =>
    {
        _asked.Add(q);
        return _query.ListAsync(q, ct);
    }, query);
}
