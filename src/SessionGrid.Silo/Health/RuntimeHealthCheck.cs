using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrid.Grains.Hosting;
using SessionGrid.Silo.Hosting;

namespace SessionGrid.Silo.Health;

/// <summary>The Orleans silo underneath: which cluster, which address, since when.</summary>
internal sealed class RuntimeHealthCheck(ILocalSiloDetails silo, OrleansOptions orleans, SiloIdentity identity, ClusteringMode clustering) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(HealthCheckResult.Healthy("Orleans silo running", new Dictionary<string, object>
        {
            ["engine"] = "Microsoft Orleans",
            ["silo"] = identity.Name,
            ["siloAddress"] = silo.SiloAddress.ToString(),
            ["clustering"] = clustering.Name,
            ["membership"] = clustering.Description,
            ["clusterId"] = orleans.ClusterId,
            ["serviceId"] = orleans.ServiceId,
            ["siloPort"] = orleans.SiloPort,
            ["orleansGatewayPort"] = orleans.GatewayPort,
            ["startedAt"] = identity.StartedAt,
        }));
}
