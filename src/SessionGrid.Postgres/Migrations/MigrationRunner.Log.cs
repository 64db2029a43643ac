using Microsoft.Extensions.Logging;

namespace SessionGrid.Postgres.Migrations;

public sealed partial class MigrationRunner
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Another process holds the migration lock ({LockKey}); waiting for it")]
    private static partial void LogLockWaiting(ILogger logger, long lockKey);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Migration lock ({LockKey}) acquired")]
    private static partial void LogLockAcquired(ILogger logger, long lockKey);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Applying migration {Migration}")]
    private static partial void LogApplying(ILogger logger, string migration);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Applied migration {Migration} in {ElapsedMs} ms")]
    private static partial void LogApplied(ILogger logger, string migration, long elapsedMs);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Database schema is up to date: {Applied} migration(s) applied now, {Present} already present")]
    private static partial void LogCompleted(ILogger logger, int applied, int present);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "Migration {Migration} failed and was rolled back")]
    private static partial void LogFailed(ILogger logger, string migration, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Migration {Migration} was edited after it was applied (applied checksum {AppliedChecksum}, file checksum {FileChecksum})")]
    private static partial void LogEdited(ILogger logger, string migration, string appliedChecksum, string fileChecksum);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "The database has migration {Version} ({Name}), which this build does not know; a newer build applied it")]
    private static partial void LogUnknownInDatabase(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Could not release the migration lock ({LockKey}): {Reason}")]
    private static partial void LogUnlockFailed(ILogger logger, long lockKey, string reason, Exception? exception);
}
