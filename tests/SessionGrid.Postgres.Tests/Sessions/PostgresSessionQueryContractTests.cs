using Microsoft.Extensions.Logging.Abstractions;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Postgres.Tests.Storage;
using SessionGrid.TestKit.Listing;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>The list contract on PostgreSQL; each test truncates the class's own database first.</summary>
public sealed class PostgresSessionQueryContractTests(MigratedDatabaseFixture database) : SessionQueryContractTests, IClassFixture<MigratedDatabaseFixture>
{
    protected override ISessionStore Store { get; } = new PostgresSessionStore(database.DataSource, NullLogger<PostgresSessionStore>.Instance);

    protected override ISessionQuery Query => new PostgresSessionQuery(database.DataSource, Machine, Time);

    protected override async Task ResetAsync()
    {
        await using var command = database.DataSource.CreateCommand("TRUNCATE sessions, session_events");
        await command.ExecuteNonQueryAsync();
    }
}
