using Microsoft.Extensions.Logging.Abstractions;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Postgres.Tests.Storage;
using SessionGrid.TestKit.Sessions;

namespace SessionGrid.Postgres.Tests.Sessions;

public sealed class PostgresOrphanedSessionQueryTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private readonly PostgresSessionStore _storage = new(database.DataSource, NullLogger<PostgresSessionStore>.Instance);

    [Fact]
    public async Task ListLiveNotOwnedBy_MixedOwnersAndStatuses_OnlyLiveOfDepartedOwnersPagedById()
    {
        await using (var truncate = database.DataSource.CreateCommand("TRUNCATE sessions, session_events"))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        await StoreAsync(
            ("o-5", SessionStatus.Live, "gone/127.0.0.1:1@1"),
            ("o-1", SessionStatus.Live, "gone/127.0.0.1:1@1"),
            ("o-3", SessionStatus.Live, "other-gone/127.0.0.1:2@1"),
            ("o-2", SessionStatus.Live, "alive/127.0.0.1:3@1"),
            ("o-4", SessionStatus.Leave, "gone/127.0.0.1:1@1"),
            ("o-6", SessionStatus.Closed, "gone/127.0.0.1:1@1"));
        var query = new PostgresOrphanedSessionQuery(database.DataSource);
        string[] members = ["alive/127.0.0.1:3@1"];

        var first = await query.ListLiveNotOwnedByAsync(members, null, 2, CancellationToken.None);
        var second = await query.ListLiveNotOwnedByAsync(members, first[^1].SessionId, 2, CancellationToken.None);

        Assert.Equal([("o-1", "gone/127.0.0.1:1@1"), ("o-3", "other-gone/127.0.0.1:2@1")], first.Select(static o => (o.SessionId, o.OwnerSilo)));
        Assert.Equal([("o-5", "gone/127.0.0.1:1@1")], second.Select(static o => (o.SessionId, o.OwnerSilo)));
    }

    [Fact]
    public async Task Sql_Planned_WalksTheStatusIdIndexWithoutSorting()
    {
        var plan = await database.ExplainAsync(PostgresOrphanedSessionQuery.Sql
            .Replace("$1", "ARRAY['a']", StringComparison.Ordinal)
            .Replace("$2::text", "NULL::text", StringComparison.Ordinal)
            .Replace("$2", "NULL", StringComparison.Ordinal)
            .Replace("$3", "50", StringComparison.Ordinal));

        Assert.Contains(plan, static line => line.Contains("sessions_status_id_idx", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, static line => line.Contains("Sort", StringComparison.Ordinal));
    }

    private async Task StoreAsync(params (string Id, SessionStatus Status, string Owner)[] sessions)
    {
        var writes = sessions.Select(static s =>
        {
            var state = SessionStates.Full(s.Id, s.Status);
            state.OwnerSilo = s.Owner;
            return new SessionStateWrite(s.Id, state, null);
        }).ToArray();
        await _storage.WriteBatchAsync(writes, CancellationToken.None);
        Assert.All(writes, static w => Assert.Null(w.Error));
    }
}
