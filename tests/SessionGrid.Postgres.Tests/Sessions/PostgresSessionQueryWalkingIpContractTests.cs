using Microsoft.Extensions.Logging.Abstractions;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Postgres.Tests.Storage;
using SessionGrid.TestKit.Listing;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>
/// The list contract on PostgreSQL with every ip filter applied while walking the order's index, the plan
/// that many matches take (<see cref="PostgresSessionQueryContractTests"/> has small tables: few matches).
/// </summary>
public sealed class PostgresSessionQueryWalkingIpContractTests(MigratedDatabaseFixture database) : SessionQueryContractTests, IClassFixture<MigratedDatabaseFixture>
{
    protected override ISessionStore Store { get; } = new PostgresSessionStore(database.DataSource, NullLogger<PostgresSessionStore>.Instance);

    protected override ISessionQuery Query => new PostgresSessionQuery(database.DataSource, Machine, Time, ipMatchesToSort: 0);

    protected override async Task ResetAsync()
    {
        await using var command = database.DataSource.CreateCommand("TRUNCATE sessions, session_events");
        await command.ExecuteNonQueryAsync();
    }
}
