using Npgsql;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Postgres.Tests.Fixtures;

public sealed class PostgresDatabaseFixtureTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DataSource_ClassFixture_ConnectsToItsOwnEmptyDatabase()
    {
        await using var command = database.DataSource.CreateCommand(
            "select current_database(), (select count(*) from pg_tables where schemaname = 'public')");
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(Timeout);
        Assert.True(await reader.ReadAsync().WaitAsync(Timeout));

        Assert.Equal(new NpgsqlConnectionStringBuilder(database.ConnectionString).Database, reader.GetString(0));
        Assert.NotEqual("postgres", reader.GetString(0));
        Assert.Equal(0L, reader.GetInt64(1));
        Assert.Same(await PostgresServer.SharedAsync(), database.Server);
    }
}
