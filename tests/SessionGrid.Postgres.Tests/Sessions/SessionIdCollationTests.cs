using SessionGrid.TestKit.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Migrations;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Tests.Storage;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Storage;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>
/// A database whose default collation is a language's (ICU en-US): session ids must still list in
/// byte order, as the in-memory store lists them, because they are identifiers and not words.
/// </summary>
public sealed class SessionIdCollationTests : IAsyncLifetime
{
    // Ordinal order; en-US would put these as a_1, A-1, a-2, b, B (case and punctuation mostly ignored).
    private static readonly string[] s_ordinal = ["A-1", "B", "a-2", "a_1", "b"];

    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        _dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("icu", "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'"));
        await new MigrationRunner(_dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync();
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task DatabaseDefault_IsALanguageCollation_SoTheTestMeansSomething()
    {
        await using var command = _dataSource.CreateCommand("SELECT array_agg(x ORDER BY x)::text FROM unnest(ARRAY['A-1','B','a-2','a_1','b']) AS t(x)");

        Assert.NotEqual("{A-1,B,a-2,a_1,b}", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ListAsync_LanguageCollatedDatabase_SessionIdsInOrdinalOrder()
    {
        var storage = new PostgresSessionStore(_dataSource, NullLogger<PostgresSessionStore>.Instance);
        var writes = s_ordinal.Reverse().Select(static id => new SessionStateWrite(id, SessionStates.Full(id, SessionStatus.Live), null)).ToArray();
        await storage.WriteBatchAsync(writes, CancellationToken.None);
        Assert.All(writes, static w => Assert.Null(w.Error));
        var query = new PostgresSessionQuery(_dataSource, new SessionStateMachine(new HeartbeatPolicy()), new ManualTimeProvider(SessionStates.T0));

        var all = await query.ListAsync(new SessionListQuery { Limit = 10 }, CancellationToken.None);
        var live = await query.ListAsync(new SessionListQuery { Status = SessionStatus.Live, Limit = 10 }, CancellationToken.None);

        Assert.Equal(s_ordinal, all.Items.Select(static s => s.SessionId));
        Assert.Equal(s_ordinal, live.Items.Select(static s => s.SessionId));
        Assert.Equal(s_ordinal, s_ordinal.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListAsync_LanguageCollatedDatabase_SiloNameIsAByteOrderPrefixOfOwnerValues()
    {
        // en-US weighs case last, so "Silo/..." would fall inside ["silo/", "silo0"); in byte order only "silo/..." does.
        string[] owners = ["silo/10.0.0.1:11111@1", "silo-b/10.0.0.2:11111@1", "silo.x/10.0.0.3:11111@1", "Silo/10.0.0.4:11111@1", "silo0/10.0.0.5:11111@1", "silo/10.0.0.1:11111@2", "silo"];
        var storage = new PostgresSessionStore(_dataSource, NullLogger<PostgresSessionStore>.Instance);
        var writes = owners.Select(static (owner, i) =>
        {
            var state = SessionStates.Full($"owned-{i}", SessionStatus.Live);
            state.OwnerSilo = owner;
            return new SessionStateWrite(state.SessionId, state, null);
        }).ToArray();
        await storage.WriteBatchAsync(writes, CancellationToken.None);
        Assert.All(writes, static w => Assert.Null(w.Error));
        var query = new PostgresSessionQuery(_dataSource, new SessionStateMachine(new HeartbeatPolicy()), new ManualTimeProvider(SessionStates.T0));

        var page = await query.ListAsync(new SessionListQuery { OwnerSilo = "silo", IdPrefix = "owned-", Limit = 10 }, CancellationToken.None);

        Assert.Equal(["owned-0", "owned-5"], page.Items.Select(static s => s.SessionId));
    }
}
