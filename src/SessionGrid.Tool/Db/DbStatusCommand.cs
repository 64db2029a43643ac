using System.CommandLine;
using Npgsql;
using SessionGrid.Postgres.Migrations;
using SessionGrid.Tool.Cli;

namespace SessionGrid.Tool.Db;

/// <summary><c>sessiongrid db status</c>: which embedded migrations the database has, and which are pending. Changes nothing.</summary>
internal static class DbStatusCommand
{
    public static Command Create() => DbCommand.CreateSubcommand(
        "status",
        "List the migrations this build carries as applied (with when), pending, or edited since applied; and any the database has that this build does not know. Changes nothing.",
        StatusAsync);

    private static async Task<int> StatusAsync(NpgsqlDataSource dataSource, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Dictionary<int, (string Name, string Checksum, DateTime AppliedAt)> applied;
        try
        {
            applied = await ReadAppliedAsync(dataSource, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return DbCommand.Fail(error, "status", $"cannot read the migrations of {DbCommand.Describe(dataSource)}: {e.Message}");
        }

        foreach (var migration in MigrationSource.LoadEmbedded())
        {
            var state = !applied.Remove(migration.Version, out var row) ? "pending"
                : !string.Equals(row.Checksum, migration.Checksum, StringComparison.OrdinalIgnoreCase) ? $"EDITED since applied {row.AppliedAt:u}"
                : $"applied {row.AppliedAt:u}";
            await output.WriteLineAsync($"{migration.Name,-40} {state}");
        }

        foreach (var (_, row) in applied.OrderBy(r => r.Key))
        {
            await output.WriteLineAsync($"{row.Name,-40} applied {row.AppliedAt:u} by a newer build (unknown here)");
        }

        return ExitCodes.Ok;
    }

    private static async Task<Dictionary<int, (string, string, DateTime)>> ReadAppliedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string, string, DateTime)>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return applied;
            }
        }

        await using var command = new NpgsqlCommand("SELECT version, name, checksum, applied_at FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2), reader.GetDateTime(3));
        }

        return applied;
    }
}
