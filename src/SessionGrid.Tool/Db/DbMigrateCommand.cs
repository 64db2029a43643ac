using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SessionGrid.Postgres.Migrations;
using SessionGrid.Tool.Cli;

namespace SessionGrid.Tool.Db;

/// <summary><c>sessiongrid db migrate</c>: applies the embedded migrations with the silo's own <see cref="MigrationRunner"/>.</summary>
internal static class DbMigrateCommand
{
    public static Command Create() => DbCommand.CreateSubcommand(
        "migrate",
        "Apply the numbered migrations embedded in this build that the database does not have yet, each once, in order, "
        + "in its own transaction, under the same advisory lock the silos take (safe while silos start). Prints what it applied. "
        + "Exit code 0 when the schema is up to date, 1 when the database is unreachable or a migration failed, 2 without a usable connection string.",
        MigrateAsync);

    private static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        MigrationReport report;
        try
        {
            report = await runner.ApplyAsync(cancellationToken);
        }
        catch (MigrationException e)
        {
            return DbCommand.Fail(error, "migrate", e.Message);
        }

        var names = runner.Migrations.ToDictionary(m => m.Version, m => m.Name);
        foreach (var version in report.Applied)
        {
            await output.WriteLineAsync($"applied {names[version]}");
        }

        await output.WriteLineAsync(report.Applied.Count == 0
            ? $"{DbCommand.Describe(dataSource)} is up to date: nothing to apply ({report.AlreadyPresent.Count} migration(s) already present)."
            : $"{DbCommand.Describe(dataSource)} is up to date: applied {report.Applied.Count}, {report.AlreadyPresent.Count} already present.");
        return ExitCodes.Ok;
    }
}
