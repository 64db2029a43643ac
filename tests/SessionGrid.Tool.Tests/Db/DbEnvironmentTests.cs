using SessionGrid.TestKit.Postgres;
using SessionGrid.Tool.Db;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.Db;

[CollectionDefinition(nameof(DbEnvironmentTests), DisableParallelization = true)]
public sealed class DbEnvironmentCollection;

/// <summary>
/// The connection string from SESSIONGRID_POSTGRES. These tests change the process environment, which
/// a silo starting in another test would read too, so they run alone.
/// </summary>
[Collection(nameof(DbEnvironmentTests))]
public sealed class DbEnvironmentTests
{
    [Fact]
    public async Task Migrate_ConnectionFromEnvironment_Applies()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(90));
        var connection = await server.CreateDatabaseAsync("toolenv").WaitAsync(TimeSpan.FromSeconds(90));

        var run = await WithVariableAsync(connection, () => CliRun.InvokeAsync("db migrate"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("applied 0001_initial", run.Output);
    }

    [Fact]
    public async Task Migrate_NoConnectionAnywhere_ExitsTwoNamingBothWays()
    {
        var run = await WithVariableAsync(null, () => CliRun.InvokeAsync("db migrate"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pass --connection", run.Error);
        Assert.Contains(DbCommand.ConnectionVariable, run.Error);
    }

    private static async Task<CliRun> WithVariableAsync(string? value, Func<Task<CliRun>> run)
    {
        var saved = Environment.GetEnvironmentVariable(DbCommand.ConnectionVariable);
        Environment.SetEnvironmentVariable(DbCommand.ConnectionVariable, value);
        try
        {
            return await run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(DbCommand.ConnectionVariable, saved);
        }
    }
}
