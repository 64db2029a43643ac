using SessionGrid.TestKit.Sessions;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Tests.Storage;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>The durable event log read back: the grid's recent events and one session's history.</summary>
public sealed class PostgresSessionEventQueryTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private PostgresSessionEventQuery Query => new(database.DataSource);

    [Fact]
    public async Task LatestAsync_Session_ItsHistoryNewestFirstWithEveryField()
    {
        var id = SessionStates.NewId();
        await InsertAsync(id, 1, SessionStates.T0, null, "live", "connected", "silo-a");
        await InsertAsync(id, 2, SessionStates.T0.AddSeconds(30), "live", "leave", "missed-heartbeats", "silo-a");
        await InsertAsync(id, 3, SessionStates.T0.AddMinutes(30), "leave", "closed", "leave-timeout", null);
        await InsertAsync(SessionStates.NewId(), 1, SessionStates.T0.AddSeconds(45), null, "live", "connected", "silo-b");

        var history = await Query.LatestAsync(new SessionEventFilter(SessionId: id), 10, CancellationToken.None);

        Assert.Equal([3L, 2L, 1L], history.Select(static e => e.Transition.Seq));
        Assert.All(history, e => Assert.Equal(id, e.SessionId));
        var closed = history[0];
        Assert.Equal(
            new SessionTransition(SessionStates.T0.AddMinutes(30), SessionStatus.Leave, SessionStatus.Closed, "leave-timeout", 2, 3),
            closed.Transition);
        Assert.Null(closed.Silo);
        Assert.Null(history[2].Transition.From);
        Assert.Equal("silo-a", history[2].Silo);
    }

    [Fact]
    public async Task LatestAsync_NoSession_NewestFirstAcrossSessionsUpToLimit()
    {
        // Newer than every other test's events (they share the database).
        var later = SessionStates.T0.AddYears(100);
        var a = SessionStates.NewId();
        var b = SessionStates.NewId();
        await InsertAsync(a, 1, later, null, "live", "connected", "silo-a");
        await InsertAsync(b, 1, later.AddSeconds(1), null, "live", "connected", "silo-b");
        await InsertAsync(a, 2, later.AddSeconds(2), "live", "leave", "client-leave", "silo-a");

        var latest = await Query.LatestAsync(SessionEventFilter.All, 2, CancellationToken.None);

        Assert.Equal([(a, 2L), (b, 1L)], latest.Select(static e => (e.SessionId, e.Transition.Seq)));
    }

    [Fact]
    public async Task LatestAsync_UnknownSession_Empty()
    {
        Assert.Empty(await Query.LatestAsync(new SessionEventFilter(SessionId: "nobody-" + Guid.NewGuid()), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Queries_Planned_UseTheirIndexes()
    {
        var history = await PlanAsync(new SessionEventFilter(SessionId: "s-1"));
        var latest = await PlanAsync(SessionEventFilter.All);

        Assert.Contains(history, static line => line.Contains("session_events_session_seq_key", StringComparison.Ordinal));
        Assert.Contains(latest, static line => line.Contains("session_events_time_idx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LatestAsync_StatusAndPrefix_OnlyTransitionsIntoThatStatusOfThoseIds()
    {
        var later = SessionStates.T0.AddYears(2);
        var tag = "f" + Guid.NewGuid().ToString("N")[..8] + "_";
        await InsertAsync(tag + "1", 1, later, null, "live", "connected", "silo-a");
        await InsertAsync(tag + "1", 2, later.AddSeconds(1), "live", "leave", "client-leave", "silo-a");
        await InsertAsync(tag + "2", 1, later.AddSeconds(2), null, "live", "connected", "silo-a");
        await InsertAsync(tag.Replace("_", "x", StringComparison.Ordinal) + "3", 1, later.AddSeconds(3), null, "live", "connected", "silo-a");

        var live = await Query.LatestAsync(new SessionEventFilter(Status: SessionStatus.Live, IdPrefix: tag), 10, CancellationToken.None);
        var leave = await Query.LatestAsync(new SessionEventFilter(Status: SessionStatus.Leave, IdPrefix: tag), 10, CancellationToken.None);

        Assert.Equal([tag + "2", tag + "1"], live.Select(static e => e.SessionId));
        Assert.Equal([(tag + "1", 2L)], leave.Select(static e => (e.SessionId, e.Transition.Seq)));
    }

    [Fact]
    public async Task LatestAsync_ActorAndNote_AreReadBack()
    {
        var id = SessionStates.NewId();
        await database.ScalarAsync<int>(
            "INSERT INTO session_events (session_id, seq, incarnation, time, from_status, to_status, reason, silo, actor, note) VALUES ($1, 1, 1, $2, 'live', 'closed', 'kicked', 'silo-a', 'alice', 'stuck') RETURNING 1",
            id, SessionStates.T0);

        var kicked = Assert.Single(await Query.LatestAsync(new SessionEventFilter(SessionId: id), 10, CancellationToken.None));

        Assert.Equal("alice", kicked.Transition.Actor);
        Assert.Equal("stuck", kicked.Transition.Note);
    }

    [Fact]
    public async Task CountSinceAsync_CountsByTargetStatusFromTheGivenTime()
    {
        // Other tests' events share the database: count what these inserts add.
        var since = SessionStates.T0.AddYears(3);
        var before = await Query.CountSinceAsync(since, CancellationToken.None);
        await InsertAsync(SessionStates.NewId(), 1, since.AddSeconds(-1), null, "live", "connected", "silo-a");
        await InsertAsync(SessionStates.NewId(), 1, since, null, "live", "connected", "silo-a");
        await InsertAsync(SessionStates.NewId(), 2, since.AddSeconds(2), "live", "leave", "client-leave", "silo-a");

        var after = await Query.CountSinceAsync(since, CancellationToken.None);

        Assert.Equal(1, after["live"] - before["live"]);
        Assert.Equal(1, after["leave"] - before["leave"]);
        Assert.Equal(0, after["closed"] - before["closed"]);
    }

    private async Task<IReadOnlyList<string>> PlanAsync(SessionEventFilter filter)
    {
        var parameters = new Npgsql.NpgsqlCommand().Parameters;
        var sql = PostgresSessionEventQuery.BuildLatestSql(filter, 50, parameters);
        return await database.ExplainAsync(sql, parameters);
    }

    private async Task InsertAsync(string id, long seq, DateTimeOffset time, string? from, string to, string reason, string? silo)
        => await database.ScalarAsync<int>(
            "INSERT INTO session_events (session_id, seq, incarnation, time, from_status, to_status, reason, silo) VALUES ($1, $2, 2, $3, $4, $5, $6, $7) RETURNING 1",
            id, seq, time, (object?)from ?? DBNull.Value, to, reason, (object?)silo ?? DBNull.Value);
}
