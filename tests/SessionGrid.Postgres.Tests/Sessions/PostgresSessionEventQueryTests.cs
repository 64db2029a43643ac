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

        var history = await Query.LatestAsync(id, 10, CancellationToken.None);

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
        var later = SessionStates.T0.AddYears(1);
        var a = SessionStates.NewId();
        var b = SessionStates.NewId();
        await InsertAsync(a, 1, later, null, "live", "connected", "silo-a");
        await InsertAsync(b, 1, later.AddSeconds(1), null, "live", "connected", "silo-b");
        await InsertAsync(a, 2, later.AddSeconds(2), "live", "leave", "client-leave", "silo-a");

        var latest = await Query.LatestAsync(null, 2, CancellationToken.None);

        Assert.Equal([(a, 2L), (b, 1L)], latest.Select(static e => (e.SessionId, e.Transition.Seq)));
    }

    [Fact]
    public async Task LatestAsync_UnknownSession_Empty()
    {
        Assert.Empty(await Query.LatestAsync("nobody-" + Guid.NewGuid(), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Queries_Planned_UseTheirIndexes()
    {
        var history = await database.ExplainAsync(PostgresSessionEventQuery.HistorySql.Replace("$1", "50", StringComparison.Ordinal).Replace("$2", "'s-1'", StringComparison.Ordinal));
        var latest = await database.ExplainAsync(PostgresSessionEventQuery.LatestSql.Replace("$1", "50", StringComparison.Ordinal));

        Assert.Contains(history, static line => line.Contains("session_events_session_seq_key", StringComparison.Ordinal));
        Assert.Contains(latest, static line => line.Contains("session_events_time_idx", StringComparison.Ordinal));
    }

    private async Task InsertAsync(string id, long seq, DateTimeOffset time, string? from, string to, string reason, string? silo)
        => await database.ScalarAsync<int>(
            "INSERT INTO session_events (session_id, seq, incarnation, time, from_status, to_status, reason, silo) VALUES ($1, $2, 2, $3, $4, $5, $6, $7) RETURNING 1",
            id, seq, time, (object?)from ?? DBNull.Value, to, reason, (object?)silo ?? DBNull.Value);
}
