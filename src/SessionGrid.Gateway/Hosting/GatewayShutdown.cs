using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrid.Gateway.Connections;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Gateway.Hosting;

/// <summary>
/// When the silo begins to stop, every client gets a <c>close</c> frame with reason <c>shutdown</c>
/// before Kestrel drains; the grains are still running then, so each session records the loss.
/// </summary>
internal sealed partial class GatewayShutdown(IHostApplicationLifetime lifetime, GatewayConnectionRegistry registry, ILogger<GatewayShutdown> logger) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(() => LogClosed(logger, registry.CloseAll(TransitionReasons.Shutdown)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration.Dispose();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Gateway shutting down: sent close to {Count} connections")]
    private static partial void LogClosed(ILogger logger, int count);
}
