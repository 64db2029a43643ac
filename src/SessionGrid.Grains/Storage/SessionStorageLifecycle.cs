using Microsoft.Extensions.Logging;

namespace SessionGrid.Grains.Storage;

/// <summary>
/// Lets the "sessions" provider write what is still queued when the silo stops: after the activations
/// have been deactivated (they write what is dirty then), before the runtime's storage goes away.
/// </summary>
internal sealed partial class SessionStorageLifecycle(SessionGrainStorage storage, ILogger<SessionStorageLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(SessionStorageLifecycle), ServiceLifecycleStage.RuntimeStorageServices, static _ => Task.CompletedTask, OnStopAsync);

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.DrainAsync(cancellationToken);
            LogStopped(logger, storage.RowsWritten);
        }
        catch (OperationCanceledException)
        {
            LogStopIncomplete(logger, storage.PendingWrites);
            storage.Abort();
        }
    }

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Session storage stopped after writing {Rows} rows")]
    private static partial void LogStopped(ILogger logger, long rows);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Error, Message = "Session storage stopped before everything was durable: {Pending} writes pending")]
    private static partial void LogStopIncomplete(ILogger logger, int pending);
}
