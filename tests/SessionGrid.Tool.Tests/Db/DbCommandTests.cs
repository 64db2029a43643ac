using Npgsql;
using SessionGrid.Postgres.Migrations;
using SessionGrid.TestKit.Postgres;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.Db;

/// <summary><c>sessiongrid db migrate</c> and <c>db status</c> against the real PostgreSQL the test kit starts, one fresh database per test.</summary>
public sealed class DbCommandTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private static IReadOnlyList<Migration> Embedded => MigrationSource.LoadEmbedded();

    [Fact]
    public async Task Migrate_FreshDatabase_AppliesOnceThenNothing()
    {
        var connection = await NewDatabaseAsync();

        var first = await CliRun.InvokeAsync(["db", "migrate", "--connection", connection]);
        var second = await CliRun.InvokeAsync(["db", "migrate", "--connection", connection]);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        foreach (var migration in Embedded)
        {
            Assert.Contains($"applied {migration.Name}", first.Output);
        }

        Assert.DoesNotContain("applied 0", second.Output);
        Assert.Contains($"nothing to apply ({Embedded.Count} migration(s) already present)", second.Output);
        Assert.Equal((long)Embedded.Count, await ScalarAsync(connection, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM sessions"));
    }

    [Fact]
    public async Task Status_BeforeAndAfterMigrate_PendingThenApplied()
    {
        var connection = await NewDatabaseAsync();

        var before = await CliRun.InvokeAsync(["db", "status", "--connection", connection]);
        await CliRun.InvokeAsync(["db", "migrate", "--connection", connection]);
        var after = await CliRun.InvokeAsync(["db", "status", "--connection", connection]);

        Assert.Equal((0, 0), (before.ExitCode, after.ExitCode));
        foreach (var migration in Embedded)
        {
            Assert.Matches($@"{migration.Name}\s+pending", before.Output);
            Assert.Matches($@"{migration.Name}\s+applied \d{{4}}-\d\d-\d\d", after.Output);
        }

        Assert.DoesNotContain("applied", before.Output);
    }

    [Fact]
    public async Task EditedMigration_StatusShowsItAndMigrateFails()
    {
        var connection = await NewDatabaseAsync();
        await CliRun.InvokeAsync(["db", "migrate", "--connection", connection]);
        await ScalarAsync(connection, "UPDATE schema_migrations SET checksum = 'not-the-file' WHERE version = 1 RETURNING 0::bigint");

        var status = await CliRun.InvokeAsync(["db", "status", "--connection", connection]);
        var migrate = await CliRun.InvokeAsync(["db", "migrate", "--connection", connection]);

        Assert.Contains("EDITED since applied", status.Output);
        Assert.Equal(1, migrate.ExitCode);
        Assert.Contains("was edited after it was applied", migrate.Error);
        Assert.True(migrate.IsClean, migrate.Error);
    }

    [Fact]
    public async Task Migrate_UnreachableServer_ExitsOneWithClearMessage()
    {
        var port = Ports.Closed();

        var run = await CliRun.InvokeAsync(["db", "migrate", "--connection", $"Host=127.0.0.1;Port={port};Username=postgres;Password=secret-word;Timeout=5"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot connect to PostgreSQL at 127.0.0.1:{port}", run.Error);
        Assert.DoesNotContain("secret-word", run.Error);
        Assert.True(run.IsClean, run.Error);
    }

    [Fact]
    public async Task Status_UnreachableServer_ExitsOneWithClearMessage()
    {
        var run = await CliRun.InvokeAsync(["db", "status", "--connection", $"Host=127.0.0.1;Port={Ports.Closed()};Username=postgres;Timeout=5"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot read the migrations of 127.0.0.1", run.Error);
    }

    [Theory]
    [InlineData("this is not a connection string")]
    [InlineData("Host=127.0.0.1;NoSuchKeyword=1")]
    public async Task Migrate_MalformedConnectionString_ExitsTwoWithoutEchoingIt(string connection)
    {
        var run = await CliRun.InvokeAsync(["db", "migrate", "--connection", connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the connection string is not valid", run.Error);
        Assert.True(run.IsClean, run.Error);
    }

    private static async Task<string> NewDatabaseAsync()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(Guard);
        return await server.CreateDatabaseAsync("tool").WaitAsync(Guard);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().WaitAsync(Guard);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync().WaitAsync(Guard))!;
    }
}
