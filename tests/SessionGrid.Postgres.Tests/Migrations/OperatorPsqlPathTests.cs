using System.Diagnostics;
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
    // The documented command for migration NNNN_name (here with {0} = version, {1} = name).
    private const string OperatorCommand = """
        psql "$CONN" -v ON_ERROR_STOP=1 -1 \
          -c "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())" \
          -f sql/postgres/{1}.sql \
          -c "INSERT INTO schema_migrations (version, name, checksum) VALUES ({0}, '{1}', '$(sha256sum sql/postgres/{1}.sql | cut -d' ' -f1)')"
        """;

    private static readonly TimeSpan Timeout = MigrationDatabase.Timeout;

    [Fact]
    public async Task ApplyAsync_AfterOperatorAppliedWithPsql_FindsEverythingPresent()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var migrations = MigrationSource.LoadEmbedded();
        var checkout = Directory.CreateTempSubdirectory("sessiongrid-psql-");
        try
        {
            Directory.CreateDirectory(Path.Combine(checkout.FullName, "sql", "postgres"));
            foreach (var migration in migrations)
            {
                await File.WriteAllTextAsync(Path.Combine(checkout.FullName, "sql", "postgres", migration.Name + ".sql"), migration.Sql);
                var command = OperatorCommand.Replace("{0}", migration.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{1}", migration.Name, StringComparison.Ordinal);
                await RunShellAsync(checkout.FullName, command, db);
            }

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

    private static async Task RunShellAsync(string workingDirectory, string command, MigrationDatabase db)
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
        var all = new StringBuilder().Append(await output).Append(await error).ToString();
        Assert.True(process.ExitCode == 0, $"the operator command failed ({process.ExitCode}):\n{command}\n{all}");
    }
}
