using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SessionGrid.Postgres.Migrations;

/// <summary>
/// Brings a database's schema up to date: applies each migration not yet recorded in
/// <c>schema_migrations</c>, in version order, each in its own transaction together with its row.
/// Several silos may run it at once: a session-level advisory lock lets one migrate while the
/// others wait, and they then find nothing left to do.
/// </summary>
public sealed partial class MigrationRunner
{
    /// <summary>
    /// The advisory lock key, the same for every build ("SGMIGRAT" in ASCII) so that old and new
    /// silos starting together still exclude each other.
    /// </summary>
    public const long AdvisoryLockKey = 0x53474D4947524154;

    internal const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<MigrationRunner> _logger;
    private readonly IReadOnlyList<Migration> _migrations;

    /// <summary>A runner for the migrations embedded in this build (<see cref="MigrationSource.LoadEmbedded"/>).</summary>
    public MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
        : this(dataSource, logger, MigrationSource.LoadEmbedded())
    {
    }

    internal MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger, IEnumerable<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _logger = logger;
        _migrations = MigrationSource.Order(migrations);
    }

    /// <summary>The migrations this runner applies, in order.</summary>
    public IReadOnlyList<Migration> Migrations => _migrations;

    /// <summary>Applies every missing migration and says what it did.</summary>
    /// <exception cref="MigrationException">
    /// The database is unreachable, a migration failed (it was rolled back and is not recorded), or an
    /// applied migration's file was edited since (nothing is applied then).
    /// </exception>
    public async Task<MigrationReport> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await LockAsync(connection, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new MigrationException($"could not take the migration lock on {Describe()}: {e.Message}", e);
        }

        try
        {
            await ExecuteAsync(connection, null, CreateHistoryTableSql, cancellationToken);
            var recorded = await ReadHistoryAsync(connection, cancellationToken);
            var present = Verify(recorded);

            var applied = new List<int>();
            foreach (var migration in _migrations.Where(m => !recorded.ContainsKey(m.Version)))
            {
                await ApplyOneAsync(connection, migration, cancellationToken);
                applied.Add(migration.Version);
            }

            LogCompleted(_logger, applied.Count, present.Count);
            return new MigrationReport(applied, present);
        }
        catch (Exception e) when (e is not (MigrationException or OperationCanceledException))
        {
            throw new MigrationException($"migrating {Describe()} failed: {e.Message}", e);
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new MigrationException($"cannot connect to {Describe()} to apply migrations: {e.Message}", e);
        }
    }

    private async Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await ScalarAsync<bool>(connection, $"SELECT pg_try_advisory_lock({AdvisoryLockKey})", cancellationToken))
        {
            LogLockAcquired(_logger, AdvisoryLockKey);
            return;
        }

        LogLockWaiting(_logger, AdvisoryLockKey);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        LogLockAcquired(_logger, AdvisoryLockKey);
    }

    // Never passes the caller's token: a cancelled start-up must still release the lock. If the
    // connection is broken the server has already released it with the session.
    private async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            if (!await ScalarAsync<bool>(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None))
            {
                LogUnlockFailed(_logger, AdvisoryLockKey, "the lock was not held", null);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogUnlockFailed(_logger, AdvisoryLockKey, e.Message, e);
        }
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return recorded;
    }

    // Checks everything before applying anything: an edited migration stops the run with the
    // schema untouched.
    private List<int> Verify(Dictionary<int, (string Name, string Checksum)> recorded)
    {
        var known = _migrations.ToDictionary(m => m.Version);
        var present = new List<int>();
        foreach (var (version, row) in recorded.OrderBy(r => r.Key))
        {
            if (!known.TryGetValue(version, out var migration))
            {
                LogUnknownInDatabase(_logger, version, row.Name);
                continue;
            }

            if (!string.Equals(migration.Checksum, row.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                LogEdited(_logger, migration.Name, row.Checksum, migration.Checksum);
                throw new MigrationException(
                    $"migration {migration.Name} was edited after it was applied (checksum in schema_migrations "
                    + $"{row.Checksum}, file {migration.Checksum}). Applied migrations are never changed or re-applied: "
                    + "restore the file and put the change in a new numbered migration.");
            }

            present.Add(version);
        }

        return present;
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        LogApplying(_logger, migration.Name);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogFailed(_logger, migration.Name, e);
            throw new MigrationException(
                $"migration {migration.Name} failed and was rolled back; nothing of it was applied: {e.Message}", e);
        }

        LogApplied(_logger, migration.Name, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    // Migrations and the lock wait have no command timeout: start-up's cancellation bounds them,
    // and a long DDL or a slow peer silo must not fail on the 30 s default.
    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private string Describe()
    {
        // Only where, never credentials.
        var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        return $"PostgreSQL at {builder.Host}:{builder.Port} (database '{builder.Database ?? builder.Username}')";
    }
}
