using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrid.Grains.Hosting;

namespace SessionGrid.Silo.Hosting;

/// <summary>Says, once Kestrel has bound, where clients and operators can reach this silo and which cluster it is in.</summary>
internal sealed partial class SiloStartupLog(
    IHostApplicationLifetime lifetime,
    SiloEndpoints endpoints,
    SiloIdentity identity,
    OrleansOptions orleans,
    StorageMode storage,
    ClusteringMode clustering,
    ILogger<SiloStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => LogStarted(
            logger, identity.Name, orleans.ClusterId, orleans.ServiceId, orleans.SiloPort, endpoints.Gateway.ToString(), endpoints.Http.ToString(), storage.Description, clustering.Description));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SessionGrid silo {Silo} started on Microsoft Orleans: cluster {ClusterId} (service {ServiceId}), silo port {SiloPort}; client gateway on tcp://{Gateway}, dashboard and API on http://{Http}, storage: {Storage}, membership: {Membership}")]
    private static partial void LogStarted(ILogger logger, string silo, string clusterId, string serviceId, int siloPort, string gateway, string http, string storage, string membership);
}
