using Microsoft.Extensions.Logging.Abstractions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Storage;
using SessionGrid.TestKit.Storage;

namespace SessionGrid.Postgres.Tests.Storage;

public sealed class PostgresSessionStoreContractTests(MigratedDatabaseFixture database) : SessionStoreContractTests, IClassFixture<MigratedDatabaseFixture>
{
    protected override ISessionStore Store { get; } = new PostgresSessionStore(database.DataSource, NullLogger<PostgresSessionStore>.Instance);
}
