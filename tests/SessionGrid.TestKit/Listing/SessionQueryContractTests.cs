using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit.Sessions;
using Xunit;

namespace SessionGrid.TestKit.Listing;

/// <summary>
/// What every <see cref="ISessionQuery"/> must answer, whatever holds the rows: one subclass per backend.
/// Each test starts from an empty store (<see cref="ResetAsync"/>) and writes through the backend's own
/// <see cref="ISessionStore"/>. Expected orders are restated here with LINQ, not taken from the query model.
/// </summary>
public abstract class SessionQueryContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = SessionStates.T0;

    /// <summary>The owner value rows get unless a test says otherwise: silo-a's first generation.</summary>
    protected const string SiloA = "silo-a/10.9.0.1:11111@1";

    private readonly Dictionary<string, string> _etags = new(StringComparer.Ordinal);

    protected ManualTimeProvider Time { get; } = new(SessionStates.T0.AddHours(1));

    protected SessionStateMachine Machine { get; } = new(new HeartbeatPolicy());

    protected abstract ISessionStore Store { get; }

    protected abstract ISessionQuery Query { get; }

    /// <summary>Empties the backend's sessions.</summary>
    protected abstract Task ResetAsync();

    public Task InitializeAsync() => ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<SessionSort, SortDirection> AllOrders()
    {
        var data = new TheoryData<SessionSort, SortDirection>();
        foreach (var sort in Enum.GetValues<SessionSort>())
        {
            foreach (var direction in Enum.GetValues<SortDirection>())
            {
                data.Add(sort, direction);
            }
        }

        return data;
    }

    [Fact]
    public async Task ListAsync_StatusFilter_OnlyThatStatus()
    {
        await PutAsync(Row("s-1", SessionStatus.Live), Row("s-2", SessionStatus.Leave), Row("s-3", SessionStatus.Closed), Row("s-4", SessionStatus.Live));

        Assert.Equal(["s-1", "s-4"], await IdsAsync(new SessionListQuery { Status = SessionStatus.Live }));
        Assert.Equal(["s-2"], await IdsAsync(new SessionListQuery { Status = SessionStatus.Leave }));
        Assert.Equal(["s-3"], await IdsAsync(new SessionListQuery { Status = SessionStatus.Closed }));
    }

    [Theory]
    [InlineData("silo-a", new[] { "o-1", "o-3" })]
    [InlineData("silo-a/10.0.0.1:11111@2", new[] { "o-3" })]
    [InlineData("silo-a/10.0.0.1:11111@1", new[] { "o-1" })]
    [InlineData("silo-a/10.0.0.1:11111", new string[0])]
    [InlineData("silo-a/", new string[0])]
    [InlineData("silo-a.x", new[] { "o-7" })]
    [InlineData("silo", new string[0])]
    [InlineData("SILO-A", new string[0])]
    [InlineData("silo-b", new[] { "o-2" })]
    public async Task ListAsync_SiloFilter_ANameTakesEveryGenerationAnOwnerValueItselfOnly(string silo, string[] expected)
    {
        // Owner values are name/address@generation; o-3 is silo-a after a restart, o-6 an owner without a name
        // separator (never written by a silo), o-7 and o-8 names that sort right beside "silo-a/" in byte order.
        await PutAsync(
            Row("o-1", silo: "silo-a/10.0.0.1:11111@1"),
            Row("o-2", silo: "silo-b/10.0.0.2:11111@1"),
            Row("o-3", silo: "silo-a/10.0.0.1:11111@2"),
            Row("o-4", silo: "silo-aa/10.0.0.3:11111@1"),
            Row("o-5", silo: null),
            Row("o-6", silo: "silo-a"),
            Row("o-7", silo: "silo-a.x/10.0.0.4:11111@1"),
            Row("o-8", silo: "silo-a0/10.0.0.5:11111@1"));

        Assert.Equal(expected, await IdsAsync(new SessionListQuery { OwnerSilo = silo }));
        Assert.Equal(Enumerable.Reverse(expected), await IdsAsync(new SessionListQuery { OwnerSilo = silo, Sort = SessionSort.Heartbeats, Direction = SortDirection.Desc }));
    }

    [Theory]
    [InlineData("10.1.2.3", new[] { "i-1" })]
    [InlineData("10.1.0.0/16", new[] { "i-1", "i-2" })]
    [InlineData("10.1.*", new[] { "i-1", "i-2" })]
    [InlineData("10.*", new[] { "i-1", "i-2", "i-3" })]
    [InlineData("10.1.2.*", new[] { "i-1" })]
    [InlineData("10.10.*", new[] { "i-3" })]
    [InlineData("192.168.0.0/24", new string[0])]
    [InlineData("fd00::/8", new[] { "i-4" })]
    [InlineData("fd00:12:*", new[] { "i-4" })]
    [InlineData("fd00::7", new string[0])]
    [InlineData("fd00:12::7", new[] { "i-4" })]
    public async Task ListAsync_IpFilter_ExactCidrOrWholeGroupPrefixOnTheRemoteAddress(string ip, string[] expected)
    {
        await PutAsync(
            Row("i-1", endpoint: "10.1.2.3:4000"),
            Row("i-2", endpoint: "10.1.200.9:4000"),
            Row("i-3", endpoint: "10.10.0.1:4000"),
            Row("i-4", endpoint: "[fd00:12::7]:4000"),
            Row("i-5", endpoint: null),
            Row("i-6", endpoint: "not-an-endpoint"));
        Assert.True(SessionIpFilter.TryParse(ip, out var filter));

        Assert.Equal(expected, await IdsAsync(new SessionListQuery { Ip = filter }));
    }

    [Theory]
    [InlineData("p%", new[] { "p%x" })]
    [InlineData("p_", new[] { "p_x" })]
    [InlineData("p\\", new[] { "p\\x" })]
    [InlineData("p", new[] { "p%x", "p'x", "p\\x", "p_x", "pax", "pxx" })]
    [InlineData("p'", new[] { "p'x" })]
    [InlineData("pa", new[] { "pax" })]
    [InlineData("fleet/", new[] { "fleet/a" })]
    public async Task ListAsync_IdPrefix_TakenLiterallyWithSqlAndLikeMetacharacters(string prefix, string[] expected)
    {
        await PutAsync(Row("p%x"), Row("p_x"), Row("p\\x"), Row("pax"), Row("pxx"), Row("p'x"), Row("fleet/a"), Row("q-1"));

        Assert.Equal(expected, await IdsAsync(new SessionListQuery { IdPrefix = prefix }));
    }

    [Fact]
    public async Task ListAsync_HeartbeatWindow_AfterInclusiveBeforeExclusiveAndNoHeartbeatNeverMatches()
    {
        await PutAsync(Row("h-1", heartbeat: T0), Row("h-2", heartbeat: T0.AddSeconds(10)), Row("h-3", heartbeat: T0.AddSeconds(20)), NoHeartbeat(Row("h-4")));

        Assert.Equal(["h-1", "h-2"], await IdsAsync(new SessionListQuery { HeartbeatBefore = T0.AddSeconds(20) }));
        Assert.Equal(["h-2", "h-3"], await IdsAsync(new SessionListQuery { HeartbeatAfter = T0.AddSeconds(10) }));
        Assert.Equal(["h-2"], await IdsAsync(new SessionListQuery { HeartbeatAfter = T0.AddSeconds(10), HeartbeatBefore = T0.AddSeconds(20) }));
        Assert.Empty(await IdsAsync(new SessionListQuery { HeartbeatAfter = T0.AddSeconds(20), HeartbeatBefore = T0.AddSeconds(20) }));
    }

    [Fact]
    public async Task ListAsync_EveryFilterTogether_AllMustHold()
    {
        await PutAsync(
            Row("all-1", SessionStatus.Live, SiloA, "10.0.0.1:1", T0),
            Row("all-2", SessionStatus.Leave, SiloA, "10.0.0.2:1", T0),
            Row("all-3", SessionStatus.Live, "silo-b/10.9.0.2:11111@1", "10.0.0.3:1", T0),
            Row("all-4", SessionStatus.Live, SiloA, "11.0.0.4:1", T0),
            Row("all-5", SessionStatus.Live, SiloA, "10.0.0.5:1", T0.AddMinutes(5)),
            Row("other-6", SessionStatus.Live, SiloA, "10.0.0.6:1", T0),
            Row("all-7", SessionStatus.Live, "silo-a/10.9.0.1:11111@2", "10.0.0.7:1", T0));
        Assert.True(SessionIpFilter.TryParse("10.*", out var ip));

        var ids = await IdsAsync(new SessionListQuery
        {
            Status = SessionStatus.Live,
            OwnerSilo = "silo-a",
            Ip = ip,
            IdPrefix = "all-",
            HeartbeatAfter = T0,
            HeartbeatBefore = T0.AddMinutes(1),
            Sort = SessionSort.Id,
            Direction = SortDirection.Desc,
        });

        Assert.Equal(["all-7", "all-1"], ids);
    }

    [Theory]
    [MemberData(nameof(AllOrders))]
    public async Task ListAsync_EachSortAndDirection_OrdersByValueThenIdWithNoHeartbeatOldest(SessionSort sort, SortDirection direction)
    {
        var rows = Mixed();
        await PutAsync([.. rows]);

        var ids = await IdsAsync(new SessionListQuery { Sort = sort, Direction = direction, Limit = SessionListQuery.MaxLimit });

        Assert.Equal(Expected(rows, sort, direction), ids);
    }

    [Theory]
    [MemberData(nameof(AllOrders))]
    public async Task ListAsync_FollowingNext_EveryRowOnceInOrderAndNoNextAfterTheLastPage(SessionSort sort, SortDirection direction)
    {
        var rows = Mixed();
        await PutAsync([.. rows]);
        var query = new SessionListQuery { Sort = sort, Direction = direction, Limit = 3 };

        var (ids, pages) = await WalkAsync(query);

        Assert.Equal(Expected(rows, sort, direction), ids);
        Assert.Equal((rows.Count + 2) / 3, pages);
    }

    [Fact]
    public async Task ListAsync_ExactlyLimitRows_OnePageWithoutNext()
    {
        await PutAsync(Row("e-1"), Row("e-2"), Row("e-3"));

        var page = await Query.ListAsync(new SessionListQuery { Limit = 3 }, CancellationToken.None);

        Assert.Equal(3, page.Items.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task ListAsync_NextToken_IsBoundToItsFiltersAndSort()
    {
        await PutAsync(Row("b-1"), Row("b-2"), Row("b-3"));
        var query = new SessionListQuery { Limit = 1, Sort = SessionSort.Heartbeats };

        var next = (await Query.ListAsync(query, CancellationToken.None)).Next;

        Assert.NotNull(next);
        Assert.True(SessionListCursor.TryDecode(query with { Limit = 50 }, next, out _));
        Assert.False(SessionListCursor.TryDecode(query with { Direction = SortDirection.Desc }, next, out _));
        Assert.False(SessionListCursor.TryDecode(query with { Sort = SessionSort.Id }, next, out _));
        Assert.False(SessionListCursor.TryDecode(query with { Status = SessionStatus.Live }, next, out _));
        Assert.False(SessionListCursor.TryDecode(query with { IdPrefix = "b" }, next, out _));
    }

    /// <summary>
    /// The keyset property under churn: while pages are read, sessions are inserted, updated (sort values
    /// moved both ways) and change status and address. Every row that matched and did not change during the walk is
    /// seen exactly once, and each page is in order. Seeded, so a failure replays.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllOrders))]
    public async Task ListAsync_PagingUnderChurn_UnchangedRowsSeenExactlyOnce(SessionSort sort, SortDirection direction)
    {
        for (var seed = 1; seed <= 6; seed++)
        {
            await ResetAsync();
            _etags.Clear();
            var random = new Random(seed * 31 + (int)sort * 7 + (int)direction);
            var rows = Enumerable.Range(0, 40).Select(i => RandomRow(random, $"c-{i:D3}")).ToList();
            await PutAsync([.. rows]);
            var filter = seed % 2 == 0 ? SessionStatus.Live : (SessionStatus?)null;

            // The later seeds also filter by address: rows are spread over two /24s.
            SessionIpFilter? ip = null;
            Assert.True(seed <= 3 || SessionIpFilter.TryParse("10.1.0.*", out ip));
            var query = new SessionListQuery { Sort = sort, Direction = direction, Limit = 1 + random.Next(7), Status = filter, Ip = ip };
            var changed = new HashSet<string>(StringComparer.Ordinal);
            var initial = rows
                .Where(r => (filter is null || r.Status == filter) && (ip is null || r.RemoteEndpoint!.StartsWith("10.1.0.", StringComparison.Ordinal)))
                .Select(static r => r.SessionId)
                .ToHashSet(StringComparer.Ordinal);
            var seen = new List<string>();
            var next = 0;

            string? cursor = null;
            do
            {
                var page = await Query.ListAsync(cursor is null ? query : query with { After = Decode(query, cursor) }, CancellationToken.None);
                AssertInOrder(page.Items, sort, direction);
                seen.AddRange(page.Items.Select(static s => s.SessionId));
                cursor = page.Next;

                // Churn between pages: two updates of random rows and one new row.
                for (var k = 0; k < 2; k++)
                {
                    var id = rows[random.Next(rows.Count)].SessionId;
                    changed.Add(id);
                    await PutAsync(RandomRow(random, id));
                }

                var fresh = RandomRow(random, $"n-{seed}-{next++:D3}");
                rows.Add(fresh);
                changed.Add(fresh.SessionId);
                await PutAsync(fresh);
            }
            while (cursor is not null);

            foreach (var id in initial.Where(id => !changed.Contains(id)))
            {
                Assert.Equal(1, seen.Count(s => s == id));
            }
        }
    }

    [Fact]
    public async Task CountAsync_MixedStatusesAndSilos_CountsEachWithZerosAndUnownedUnderEmptyKey()
    {
        await PutAsync(
            Row("n-1", SessionStatus.Live, "silo-a"),
            Row("n-2", SessionStatus.Live, "silo-a"),
            Row("n-3", SessionStatus.Closed, "silo-b"),
            Row("n-4", SessionStatus.Leave, null));

        var counts = await Query.CountAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { ["live"] = 2, ["leave"] = 1, ["closed"] = 1 }, counts.ByStatus);
        Assert.Equal(["", "silo-a", "silo-b"], counts.BySilo.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, counts.BySilo["silo-a"]["live"]);
        Assert.Equal(0, counts.BySilo["silo-a"]["closed"]);
        Assert.Equal(1, counts.BySilo["silo-b"]["closed"]);
        Assert.Equal(1, counts.BySilo[SessionCounts.Unowned]["leave"]);
    }

    [Fact]
    public async Task ListAsync_StoredSession_SnapshotEqualsTheOneBuiltFromTheState()
    {
        var state = SessionStates.Full("snap-1");
        state.PendingEvents = [];
        await PutAsync(state);

        var page = await Query.ListAsync(new SessionListQuery(), CancellationToken.None);

        Assert.Equivalent(SessionSnapshot.From(state, Machine, Time.GetUtcNow()), Assert.Single(page.Items), strict: true);
    }

    /// <summary>A session with the fields lists look at; every other field as <see cref="SessionStates.Full"/>.</summary>
    protected static SessionState Row(
        string id,
        SessionStatus status = SessionStatus.Live,
        string? silo = SiloA,
        string? endpoint = "10.9.9.9:1",
        DateTimeOffset? heartbeat = null,
        DateTimeOffset? stateSince = null,
        long heartbeats = 1)
    {
        var state = SessionStates.Full(id, status, endpoint);
        state.OwnerSilo = silo;
        state.LastHeartbeat = heartbeat ?? T0;
        state.StateSince = stateSince ?? T0;
        state.HeartbeatsReceived = heartbeats;
        state.PendingEvents = [];
        return state;
    }

    /// <summary>Writes the rows (insert or update) through the backend's store.</summary>
    protected async Task PutAsync(params SessionState[] rows)
    {
        var writes = rows.Select(r => new SessionStateWrite(r.SessionId, r, _etags.GetValueOrDefault(r.SessionId))).ToArray();
        await Store.WriteBatchAsync(writes, CancellationToken.None);
        foreach (var write in writes)
        {
            Assert.Null(write.Error);
            _etags[write.SessionId] = write.NewETag!;
        }
    }

    private static SessionState NoHeartbeat(SessionState state)
    {
        state.LastHeartbeat = null;
        return state;
    }

    // Ties in every sort value, and sessions that never sent a heartbeat.
    private static List<SessionState> Mixed() =>
    [
        Row("m-08", heartbeat: T0.AddSeconds(5), stateSince: T0.AddSeconds(3), heartbeats: 7),
        Row("m-01", heartbeat: T0.AddSeconds(5), stateSince: T0.AddSeconds(1), heartbeats: 7),
        NoHeartbeat(Row("m-05", stateSince: T0.AddSeconds(3), heartbeats: 0)),
        Row("m-03", heartbeat: T0.AddSeconds(1), stateSince: T0.AddSeconds(9), heartbeats: 2),
        NoHeartbeat(Row("m-02", stateSince: T0.AddSeconds(1), heartbeats: 0)),
        Row("m-09", heartbeat: T0.AddSeconds(9), stateSince: T0.AddSeconds(1), heartbeats: 12),
        Row("m-04", heartbeat: T0.AddSeconds(1), stateSince: T0.AddSeconds(3), heartbeats: 2),
        Row("m-07", heartbeat: T0.AddSeconds(2), stateSince: T0.AddSeconds(5), heartbeats: 1),
        Row("M-10", heartbeat: T0.AddSeconds(2), stateSince: T0.AddSeconds(5), heartbeats: 1),
        Row("m-06", heartbeat: T0.AddSeconds(7), stateSince: T0.AddSeconds(2), heartbeats: 300),
    ];

    private static SessionState RandomRow(Random random, string id)
    {
        var row = Row(
            id,
            (SessionStatus)random.Next(3),
            endpoint: $"10.{1 + random.Next(2)}.0.{1 + random.Next(200)}:4000",
            heartbeat: T0.AddSeconds(random.Next(6)),
            stateSince: T0.AddSeconds(random.Next(6)),
            heartbeats: random.Next(6));
        return random.Next(5) == 0 ? NoHeartbeat(row) : row;
    }

    private static List<string> Expected(IEnumerable<SessionState> rows, SessionSort sort, SortDirection direction)
    {
        // Null (no heartbeat) first when ascending: it is the oldest.
        Func<SessionState, long> key = sort switch
        {
            SessionSort.Id => static _ => 0,
            SessionSort.LastHeartbeat => static s => s.LastHeartbeat?.UtcTicks ?? long.MinValue,
            SessionSort.StateSince => static s => s.StateSince.UtcTicks,
            _ => static s => s.HeartbeatsReceived,
        };
        var ascending = rows.OrderBy(key).ThenBy(static s => s.SessionId, StringComparer.Ordinal).Select(static s => s.SessionId).ToList();
        if (direction == SortDirection.Desc)
        {
            ascending.Reverse();
        }

        return ascending;
    }

    private static void AssertInOrder(IReadOnlyList<SessionSnapshot> items, SessionSort sort, SortDirection direction)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var order = Compare(items[i - 1], items[i], sort);
            Assert.True(direction == SortDirection.Asc ? order < 0 : order > 0, $"{items[i - 1].SessionId} and {items[i].SessionId} out of order");
        }

        static int Compare(SessionSnapshot a, SessionSnapshot b, SessionSort sort)
        {
            var order = sort switch
            {
                SessionSort.LastHeartbeat => Nullable.Compare(a.LastHeartbeat, b.LastHeartbeat),
                SessionSort.StateSince => a.StateSince.CompareTo(b.StateSince),
                SessionSort.Heartbeats => a.Counters.HeartbeatsReceived.CompareTo(b.Counters.HeartbeatsReceived),
                _ => 0,
            };
            return order != 0 ? order : string.CompareOrdinal(a.SessionId, b.SessionId);
        }
    }

    private static SessionListPosition Decode(SessionListQuery query, string cursor)
        => SessionListCursor.TryDecode(query, cursor, out var position) ? position : throw new InvalidOperationException("The query's own next token did not decode.");

    private async Task<List<string>> IdsAsync(SessionListQuery query)
    {
        var page = await Query.ListAsync(query, CancellationToken.None);
        Assert.Null(page.Next);
        return page.Items.Select(static s => s.SessionId).ToList();
    }

    private async Task<(List<string> Ids, int Pages)> WalkAsync(SessionListQuery query)
    {
        var ids = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await Query.ListAsync(cursor is null ? query : query with { After = Decode(query, cursor) }, CancellationToken.None);
            pages++;
            ids.AddRange(page.Items.Select(static s => s.SessionId));
            cursor = page.Next;
            Assert.True(pages <= 1000, "paging does not end");
        }
        while (cursor is not null);

        return (ids, pages);
    }
}
