using Npgsql;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Tests.Storage;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>
/// The list statements as PostgreSQL plans them (migration 0004's indexes): each order, with and without
/// the status filter, first page and after a cursor, walks an index in the asked order without sorting.
/// </summary>
public sealed class PostgresSessionQueryTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    public static TheoryData<SessionSort, SortDirection, bool, bool, string> Plans()
    {
        var data = new TheoryData<SessionSort, SortDirection, bool, bool, string>();
        foreach (var direction in Enum.GetValues<SortDirection>())
        {
            foreach (var cursor in new[] { false, true })
            {
                data.Add(SessionSort.Id, direction, false, cursor, "sessions_pkey");
                data.Add(SessionSort.Id, direction, true, cursor, "sessions_status_id_idx");
                data.Add(SessionSort.LastHeartbeat, direction, false, cursor, "sessions_list_heartbeat_idx");
                data.Add(SessionSort.LastHeartbeat, direction, true, cursor, "sessions_list_status_heartbeat_idx");
                data.Add(SessionSort.StateSince, direction, false, cursor, "sessions_list_since_idx");
                data.Add(SessionSort.StateSince, direction, true, cursor, "sessions_list_status_since_idx");
                data.Add(SessionSort.Heartbeats, direction, false, cursor, "sessions_list_heartbeats_idx");
                data.Add(SessionSort.Heartbeats, direction, true, cursor, "sessions_list_status_heartbeats_idx");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task ListSql_EachOrder_WalksItsIndexWithoutSorting(SessionSort sort, SortDirection direction, bool byStatus, bool afterCursor, string index)
    {
        var query = new SessionListQuery
        {
            Sort = sort,
            Direction = direction,
            Status = byStatus ? SessionStatus.Live : null,
            After = afterCursor ? new SessionListPosition(sort == SessionSort.LastHeartbeat ? null : 5, "m-5") : null,
        };

        var plan = await PlanAsync(query);

        Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, static line => line.Contains("Sort", StringComparison.Ordinal));
        if (afterCursor)
        {
            // The cursor bounds the index scan itself, so a deep page does not read the pages before it.
            Assert.Contains(plan, static line => line.Contains("Index Cond", StringComparison.Ordinal) && line.Contains("session_id", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ListSql_OwnerValueById_WalksTheSiloIdIndex()
    {
        var plan = await PlanAsync(new SessionListQuery { OwnerSilo = "silo-a/10.0.0.1:11111@1" });

        Assert.Contains(plan, static line => line.Contains("sessions_owner_silo_id_idx", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, static line => line.Contains("Sort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListSql_SiloName_IsARangeOnTheSiloIndex()
    {
        var plan = await PlanAsync(new SessionListQuery { OwnerSilo = "silo-a", Sort = SessionSort.Heartbeats }, walksOnly: false);

        Assert.Contains(plan, static line => line.Contains("sessions_owner_silo_id_idx", StringComparison.Ordinal));
        Assert.Contains(plan, static line => line.Contains("Index Cond", StringComparison.Ordinal) && line.Contains("owner_silo >=", StringComparison.Ordinal) && line.Contains("owner_silo <", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SortDirection.Asc)]
    [InlineData(SortDirection.Desc)]
    public async Task ListSql_HeartbeatWindowSortedByLastHeartbeat_TheWindowBoundsTheIndexWalk(SortDirection direction)
    {
        var plan = await PlanAsync(new SessionListQuery
        {
            HeartbeatBefore = DateTimeOffset.UnixEpoch.AddDays(2),
            HeartbeatAfter = DateTimeOffset.UnixEpoch.AddDays(1),
            Sort = SessionSort.LastHeartbeat,
            Direction = direction,
        });

        Assert.Contains(plan, static line => line.Contains("sessions_list_heartbeat_idx", StringComparison.Ordinal));
        Assert.Contains(plan, static line => line.Contains("Index Cond", StringComparison.Ordinal) && line.Contains("COALESCE", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, static line => line.Contains("Sort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListSql_IdPrefix_IsARangeOnThePrimaryKey()
    {
        var plan = await PlanAsync(new SessionListQuery { IdPrefix = "fleet/a_%" });

        Assert.Contains(plan, static line => line.Contains("sessions_pkey", StringComparison.Ordinal));
        Assert.Contains(plan, static line => line.Contains("Index Cond", StringComparison.Ordinal) && line.Contains(">=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SessionSort.Id, SortDirection.Asc)]
    [InlineData(SessionSort.Id, SortDirection.Desc)]
    [InlineData(SessionSort.LastHeartbeat, SortDirection.Asc)]
    [InlineData(SessionSort.StateSince, SortDirection.Desc)]
    [InlineData(SessionSort.Heartbeats, SortDirection.Desc)]
    public async Task ListSql_FewIpMatches_ReadThroughTheRemoteIpIndexThenSorted(SessionSort sort, SortDirection direction)
    {
        Assert.True(SessionIpFilter.TryParse("10.1.*", out var ip));

        var plan = await PlanAsync(new SessionListQuery { Ip = ip, Status = SessionStatus.Live, Sort = sort, Direction = direction }, walksOnly: false, IpFilterPlan.SortMatches);

        Assert.Contains(plan, static line => line.Contains("sessions_remote_ip_idx", StringComparison.Ordinal) && line.Contains("Index", StringComparison.Ordinal));
        Assert.Contains(plan, static line => line.Contains("Sort Key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListSql_Values_AreParametersNeverText()
    {
        Assert.True(SessionIpFilter.TryParse("10.0.0.0/8", out var ip));
        var parameters = new NpgsqlCommand().Parameters;

        var sql = PostgresSessionQuery.BuildListSql(
            new SessionListQuery
            {
                Status = SessionStatus.Live,
                OwnerSilo = "x'; DROP TABLE sessions; --",
                Ip = ip,
                IdPrefix = "p'%",
                HeartbeatBefore = DateTimeOffset.UnixEpoch,
                Sort = SessionSort.Heartbeats,
                After = new SessionListPosition(3, "o'id"),
            },
            parameters);

        Assert.DoesNotContain("'", sql.Replace("'-infinity'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Contains(parameters, static p => Equals(p.Value, "x'; DROP TABLE sessions; --/"));
        Assert.Contains(parameters, static p => Equals(p.Value, "x'; DROP TABLE sessions; --0"));
        Assert.Contains(parameters, static p => Equals(p.Value, "p'\\%%"));
    }

    [Theory]
    [InlineData("plain", "plain%")]
    [InlineData("50%_off\\", "50\\%\\_off\\\\%")]
    public void LikePrefix_Metacharacters_AreEscaped(string prefix, string pattern)
    {
        Assert.Equal(pattern, PostgresSessionQuery.LikePrefix(prefix));
    }

    private async Task<IReadOnlyList<string>> PlanAsync(SessionListQuery query, bool walksOnly = true, IpFilterPlan plan = IpFilterPlan.FilterWhileWalking)
    {
        var parameters = new NpgsqlCommand().Parameters;
        var sql = PostgresSessionQuery.BuildListSql(query, parameters, plan);
        return await database.ExplainAsync(sql, parameters, walksOnly);
    }
}
