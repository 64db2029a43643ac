using SessionGrid.TestKit.Sessions;
using Npgsql;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Postgres.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>Each test starts from an empty sessions table (tests of one class run one at a time).</summary>
public sealed class PostgresSessionQueryTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private readonly ManualTimeProvider _time = new(SessionStates.T0.AddMinutes(1));
    private readonly SessionStateMachine _machine = new(new HeartbeatPolicy());
    private readonly PostgresSessionStore _storage = new(database.DataSource, NullLogger<PostgresSessionStore>.Instance);

    private PostgresSessionQuery Query => new(database.DataSource, _machine, _time);

    [Fact]
    public async Task ListAsync_StatusFilter_OnlyThatStatusOrderedByIdUpToLimit()
    {
        await ResetAsync();
        await StoreAsync(("q-07", SessionStatus.Live), ("q-03", SessionStatus.Leave), ("q-05", SessionStatus.Live), ("q-01", SessionStatus.Live),
            ("q-02", SessionStatus.Closed), ("q-09", SessionStatus.Live), ("q-04", SessionStatus.Leave));

        var live = await Query.ListAsync(SessionStatus.Live, 3, CancellationToken.None);
        var leave = await Query.ListAsync(SessionStatus.Leave, 10, CancellationToken.None);

        Assert.Equal(["q-01", "q-05", "q-07"], live.Select(static s => s.SessionId));
        Assert.All(live, static s => Assert.Equal("live", s.Status));
        Assert.Equal(["q-03", "q-04"], leave.Select(static s => s.SessionId));
    }

    [Fact]
    public async Task ListAsync_NoStatus_AllStatusesOrderedByIdUpToLimit()
    {
        await ResetAsync();
        await StoreAsync(("a-3", SessionStatus.Closed), ("a-1", SessionStatus.Leave), ("a-2", SessionStatus.Live), ("a-4", SessionStatus.Live));

        var page = await Query.ListAsync(null, 3, CancellationToken.None);

        Assert.Equal(["a-1", "a-2", "a-3"], page.Select(static s => s.SessionId));
    }

    [Fact]
    public async Task ListAsync_StoredSession_SnapshotEqualsTheOneBuiltFromTheState()
    {
        await ResetAsync();
        await StoreAsync(("snap-1", SessionStatus.Leave));
        var expected = SessionStates.Full("snap-1");

        var snapshot = Assert.Single(await Query.ListAsync(null, 10, CancellationToken.None));

        Assert.Equivalent(SessionSnapshot.From(expected, _machine, _time.GetUtcNow()), snapshot, strict: true);
        Assert.NotNull(snapshot.CloseDeadline);
    }

    [Fact]
    public async Task CountByStatusAsync_MixedStatuses_CountsEachAndZeroForMissing()
    {
        await ResetAsync();
        await StoreAsync(("c-1", SessionStatus.Live), ("c-2", SessionStatus.Live), ("c-3", SessionStatus.Closed));

        var counts = await Query.CountByStatusAsync(CancellationToken.None);

        Assert.Equal(2L, counts["live"]);
        Assert.Equal(0L, counts["leave"]);
        Assert.Equal(1L, counts["closed"]);
        Assert.Equal(3, counts.Count);
    }

    [Fact]
    public async Task ListByStatusSql_Planned_WalksTheStatusIdIndexWithoutSorting()
    {
        var plan = await database.ExplainAsync(
            PostgresSessionQuery.ListByStatusSql.Replace("$1", "50", StringComparison.Ordinal).Replace("$2", "'live'", StringComparison.Ordinal));

        Assert.Contains(plan, static line => line.Contains("sessions_status_id_idx", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, static line => line.Contains("Sort", StringComparison.Ordinal));
    }

    private async Task ResetAsync()
    {
        await using var command = database.DataSource.CreateCommand("TRUNCATE sessions, session_events");
        await command.ExecuteNonQueryAsync();
    }

    private async Task StoreAsync(params (string Id, SessionStatus Status)[] sessions)
    {
        var writes = sessions.Select(static s => new SessionStateWrite(s.Id, SessionStates.Full(s.Id, s.Status), null)).ToArray();
        await _storage.WriteBatchAsync(writes, CancellationToken.None);
        Assert.All(writes, static w => Assert.Null(w.Error));
    }
}
