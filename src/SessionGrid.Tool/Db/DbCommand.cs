using System.CommandLine;
using Npgsql;
using SessionGrid.Tool.Cli;

namespace SessionGrid.Tool.Db;

/// <summary><c>sessiongrid db</c>: the PostgreSQL schema (<c>migrate</c>, <c>status</c>).</summary>
internal static class DbCommand
{
    /// <summary>The same variable the silo reads when <c>ConnectionStrings:Postgres</c> is not set.</summary>
    public const string ConnectionVariable = "SESSIONGRID_POSTGRES";

    public static Command Create()
    {
        var db = new Command("db", "The PostgreSQL schema: apply the migrations this build carries, or list what is applied.");
        db.Subcommands.Add(DbMigrateCommand.Create());
        db.Subcommands.Add(DbStatusCommand.Create());
        return db;
    }

    /// <summary>
    /// A <c>db</c> subcommand with <c>--connection</c>: <paramref name="run"/> gets a data source for it
    /// (or SESSIONGRID_POSTGRES), standard output and standard error; without a usable connection
    /// string it does not run and the exit code is <see cref="ExitCodes.BadUsage"/>.
    /// </summary>
    public static Command CreateSubcommand(string name, string description, Func<NpgsqlDataSource, TextWriter, TextWriter, CancellationToken, Task<int>> run)
    {
        var connection = new Option<string?>("--connection")
        {
            HelpName = "CONNECTION-STRING",
            Description = $"Npgsql connection string, e.g. \"Host=127.0.0.1;Port=5432;Database=sessiongrid;Username=sessiongrid;Password=...\". Default: the {ConnectionVariable} environment variable.",
        };
        var command = new Command(name, description);
        command.Options.Add(connection);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            await using var dataSource = OpenDataSource(name, parsed.GetValue(connection), error);
            return dataSource is null ? ExitCodes.BadUsage : await run(dataSource, output, error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// A data source for the connection string given or in the environment; null (and a message on
    /// <paramref name="error"/>) when there is none or it cannot be parsed.
    /// </summary>
    private static NpgsqlDataSource? OpenDataSource(string command, string? given, TextWriter error)
    {
        var connectionString = string.IsNullOrWhiteSpace(given) ? Environment.GetEnvironmentVariable(ConnectionVariable) : given;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error.WriteLine($"sessiongrid db {command}: no connection string; pass --connection \"Host=...;Database=...\" or set {ConnectionVariable}.");
            return null;
        }

        try
        {
            return NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            // Npgsql names the bad keyword or position; the string itself may hold a password, so it is not echoed.
            error.WriteLine($"sessiongrid db {command}: the connection string is not valid: {e.Message}");
            return null;
        }
    }

    /// <summary>Where a data source points, never its credentials.</summary>
    public static string Describe(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    /// <summary>The exit code for a failure reported on <paramref name="error"/>.</summary>
    public static int Fail(TextWriter error, string command, string message)
    {
        error.WriteLine($"sessiongrid db {command}: {message}");
        return ExitCodes.Failed;
    }
}
