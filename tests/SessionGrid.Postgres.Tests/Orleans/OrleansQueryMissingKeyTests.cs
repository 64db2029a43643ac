using SessionGrid.Postgres.Tests.Storage;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>What a database without a query the providers need does to a silo. Its own database: it deletes a row of OrleansQuery.</summary>
public sealed class OrleansQueryMissingKeyTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task StartAsync_ReminderQueryMissing_FailsNamingTheKey()
    {
        await database.ScalarAsync<object>("DELETE FROM OrleansQuery WHERE QueryKey = 'ReadRangeRows2Key'");

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var silo = await PostgresOrleansSilo.StartAsync(database.DataSource.ConnectionString, "missing-key");
        });

        Assert.Contains("ReadRangeRows2Key", error.ToString(), StringComparison.Ordinal);
    }
}
