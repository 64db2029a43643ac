using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrid.Runtime.Cluster;

namespace SessionGrid.Silo.Hosting;

/// <summary>Says, once Kestrel has bound, where clients and operators can reach this silo.</summary>
internal sealed partial class SiloStartupLog(
    IHostApplicationLifetime lifetime,
    SiloEndpoints endpoints,
    SiloIdentity identity,
    StorageMode storage,
    ILogger<SiloStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => LogStarted(logger, identity.Name, endpoints.Gateway.ToString(), endpoints.Http.ToString(), storage.Description));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SessionGrid silo {Silo} started: client gateway on tcp://{Gateway}, dashboard and API on http://{Http}, storage: {Storage}")]
    private static partial void LogStarted(ILogger logger, string silo, string gateway, string http, string storage);
}
