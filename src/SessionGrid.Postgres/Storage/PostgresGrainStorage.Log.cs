using Microsoft.Extensions.Logging;

namespace SessionGrid.Postgres.Storage;

public sealed partial class PostgresGrainStorage
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "{Replayed} of {Rows} state writes were already applied (a retry after a lost answer) and count as written")]
    private static partial void LogReplayed(ILogger logger, int replayed, int rows);
}
