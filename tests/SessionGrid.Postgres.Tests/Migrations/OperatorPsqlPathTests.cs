using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using SessionGrid.Postgres.Migrations;

namespace SessionGrid.Postgres.Tests.Migrations;

/// <summary>
/// The path for operators who apply SQL themselves: the exact command documented for them, run
/// through a shell, must leave a database the runner then finds up to date.
/// </summary>
public sealed class OperatorPsqlPathTests
{
    private static readonly TimeSpan Timeout = MigrationDatabase.Timeout;

    [Fact]
    public async Task ApplyAsync_AfterOperatorRanTheReadmeCommandTwice_FindsEverythingPresent()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var migrations = MigrationSource.LoadEmbedded();
        var command = ReadmeCommand();
        var checkout = Directory.CreateTempSubdirectory("sessiongrid-psql-");
        try
        {
            Directory.CreateDirectory(Path.Combine(checkout.FullName, "sql", "postgres"));
            foreach (var migration in migrations)
            {
                await File.WriteAllTextAsync(Path.Combine(checkout.FullName, "sql", "postgres", migration.Name + ".sql"), migration.Sql);
            }

            await RunShellAsync(checkout.FullName, command, db);
            await RunShellAsync(checkout.FullName, command, db);

            var report = await db.Runner().ApplyAsync().WaitAsync(Timeout);

            Assert.Empty(report.Applied);
            Assert.Equal(migrations.Select(m => m.Version), report.AlreadyPresent);
            Assert.True(await db.TableExistsAsync("sessions"));
        }
        finally
        {
            checkout.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ReadmeCommand_FailingMigration_StopsWithAnErrorAndRecordsNothingOfIt()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var checkout = Directory.CreateTempSubdirectory("sessiongrid-psql-");
        try
        {
            Directory.CreateDirectory(Path.Combine(checkout.FullName, "sql", "postgres"));
            await File.WriteAllTextAsync(Path.Combine(checkout.FullName, "sql", "postgres", "0001_bad.sql"), "CREATE TABLE t (id int); SELEKT 1;");

            var (exitCode, output) = await TryRunShellAsync(checkout.FullName, ReadmeCommand(), db);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("SELEKT", output, StringComparison.Ordinal);
            Assert.False(await db.TableExistsAsync("t"));
            Assert.Empty(await db.HistoryAsync());
        }
        finally
        {
            checkout.Delete(recursive: true);
        }
    }

    /// <summary>The sh block of README.md's PostgreSQL section, exactly as operators copy it.</summary>
    private static string ReadmeCommand([CallerFilePath] string thisFile = "")
    {
        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "README.md"));
        var section = readme[readme.IndexOf("## PostgreSQL", StringComparison.Ordinal)..];
        var start = section.IndexOf("```sh\n", StringComparison.Ordinal) + "```sh\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static async Task RunShellAsync(string workingDirectory, string command, MigrationDatabase db)
    {
        var (exitCode, output) = await TryRunShellAsync(workingDirectory, command, db);
        Assert.True(exitCode == 0, $"the operator command failed ({exitCode}):\n{command}\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> TryRunShellAsync(string workingDirectory, string command, MigrationDatabase db)
    {
        var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["CONN"] = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        start.Environment["PATH"] = db.Server.BinDirectory + ":" + Environment.GetEnvironmentVariable("PATH");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeout);
        return (process.ExitCode, new StringBuilder().Append(await output).Append(await error).ToString());
    }
}
