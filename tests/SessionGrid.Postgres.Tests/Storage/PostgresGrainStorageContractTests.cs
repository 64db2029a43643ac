using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrid.Postgres.Storage;
using SessionGrid.Runtime.Storage;
using SessionGrid.TestKit.Storage;

namespace SessionGrid.Postgres.Tests.Storage;

public sealed class PostgresGrainStorageContractTests(MigratedDatabaseFixture database)
    : GrainStorageContractTests, IClassFixture<MigratedDatabaseFixture>
{
    protected override IGrainStorage Storage { get; } = new PostgresGrainStorage(
        database.DataSource,
        Options.Create(new GrainStateSerializerOptions()),
        NullLogger<PostgresGrainStorage>.Instance);
}
