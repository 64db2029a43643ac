using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionGrid.Postgres.Migrations;

/// <summary>
/// Applies the migrations when the host starts, before the hosted services registered after it;
/// a failure stops start-up, because a silo must not run on a schema it does not expect.
/// </summary>
internal sealed partial class PostgresMigrationService(MigrationRunner runner, ILogger<PostgresMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await runner.ApplyAsync(cancellationToken);
        }
        catch (MigrationException e)
        {
            LogStartFailed(logger, e.Message, e);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4010, Level = LogLevel.Critical, Message = "The silo cannot start: the PostgreSQL schema is not up to date. {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason, Exception exception);
}
