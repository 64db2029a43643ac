using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Timers;

namespace SessionGrid.Runtime.Hosting;

/// <summary>
/// Starts the timing wheel and the idle collector; on stop, deactivates every activation (reason
/// <see cref="DeactivationReason.ShuttingDown"/>, so state participants write what they hold) and
/// then stops the clocks.
/// </summary>
internal sealed partial class GrainRuntimeHostedService(
    GrainCatalog catalog,
    TimingWheel wheel,
    ActivationCollector collector,
    ILogger<GrainRuntimeHostedService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        wheel.Start();
        collector.Start();
        LogStarted(logger, wheel.Resolution);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var count = await catalog.DeactivateAllAsync(DeactivationReason.ShuttingDown, cancellationToken).ConfigureAwait(false);
            LogStopped(logger, count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopTimedOut(logger, catalog.ActivationCount);
        }
        finally
        {
            collector.Stop();
            wheel.Stop();
        }
    }

    [LoggerMessage(EventId = 1150, Level = LogLevel.Debug, Message = "Grain runtime started; timer wheel resolution {Resolution}")]
    private static partial void LogStarted(ILogger logger, TimeSpan resolution);

    [LoggerMessage(EventId = 1151, Level = LogLevel.Information, Message = "Grain runtime stopped: deactivated {Count} activations")]
    private static partial void LogStopped(ILogger logger, int count);

    [LoggerMessage(EventId = 1152, Level = LogLevel.Warning, Message = "Grain runtime stop was cut short with {Remaining} activations still deactivating")]
    private static partial void LogStopTimedOut(ILogger logger, int remaining);
}
