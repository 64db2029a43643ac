using Npgsql;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Postgres.Tests.Fixtures;

public sealed class PostgresServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SharedAsync_FirstUse_AnswersSelectOne()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(Timeout);

        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync().WaitAsync(Timeout);
        await using var command = new NpgsqlCommand("select 1", connection);

        Assert.Equal(1, await command.ExecuteScalarAsync().WaitAsync(Timeout));
        Assert.True(server.IsRunning);
        Assert.InRange(server.Port, 1, 65535);
    }

    [Fact]
    public async Task SharedAsync_CalledTwice_ReturnsTheSameServer()
    {
        var first = await PostgresServer.SharedAsync().WaitAsync(Timeout);
        var second = await PostgresServer.SharedAsync().WaitAsync(Timeout);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task CreateDatabaseAsync_TwoDatabases_AreIsolated()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(Timeout);
        var first = await server.CreateDatabaseAsync("isolation").WaitAsync(Timeout);
        var second = await server.CreateDatabaseAsync("isolation").WaitAsync(Timeout);

        await ExecuteAsync(first, "create table marker (id int); insert into marker values (1)");

        Assert.NotEqual(first, second);
        Assert.Equal(1L, await ScalarAsync(first, "select count(*) from pg_tables where tablename = 'marker'"));
        Assert.Equal(0L, await ScalarAsync(second, "select count(*) from pg_tables where tablename = 'marker'"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_ManyAtOnce_AllCreatedWithDistinctNames()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(Timeout);

        var connectionStrings = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => server.CreateDatabaseAsync("concurrent"))).WaitAsync(Timeout);

        Assert.Equal(8, connectionStrings.Distinct().Count());
        foreach (var connectionString in connectionStrings)
        {
            Assert.Equal(1, await ScalarAsync(connectionString, "select 1"));
        }
    }

    [Fact]
    public async Task CreateDatabaseAsync_PrefixWithOddCharacters_UsesASafeName()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(Timeout);

        var connectionString = await server.CreateDatabaseAsync("My Tests-\"quoted\"").WaitAsync(Timeout);

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        Assert.Matches("^my_tests__quoted__[0-9]+$", name);
        Assert.Equal(name, await ScalarAsync(connectionString, "select current_database()"));
    }

    [Fact]
    public async Task StopAsyncThenStartAsync_DedicatedServer_KeepsDataAndPort()
    {
        await using var server = await PostgresServer.StartNewAsync().WaitAsync(Timeout);
        var connectionString = await server.CreateDatabaseAsync("restart").WaitAsync(Timeout);
        await ExecuteAsync(connectionString, "create table kept (id int); insert into kept values (42)");
        var port = server.Port;

        await server.StopAsync().WaitAsync(Timeout);
        var whileStopped = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(connectionString, "select 1"));
        await server.StartAsync().WaitAsync(Timeout);

        Assert.False(whileStopped is PostgresException);
        Assert.Equal(port, server.Port);
        Assert.Equal(42, await ScalarAsync(connectionString, "select id from kept"));
    }

    [Fact]
    public async Task DisposeAsync_DedicatedServer_StopsItAndDeletesItsFolder()
    {
        var server = await PostgresServer.StartNewAsync().WaitAsync(Timeout);
        var root = server.RootDirectory;

        await server.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.False(server.IsRunning);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task DisposeAsync_SharedServer_LeavesItRunning()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(Timeout);

        await server.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.True(server.IsRunning);
        Assert.Equal(1, await ScalarAsync(server.AdminConnectionString, "select 1"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().WaitAsync(Timeout);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WaitAsync(Timeout);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        // Unpooled, so a connection opened before a restart is never handed back.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync().WaitAsync(Timeout);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync().WaitAsync(Timeout);
    }
}
