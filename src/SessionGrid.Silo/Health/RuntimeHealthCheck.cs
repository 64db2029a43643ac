using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrid.Runtime.Cluster;
using SessionGrid.Runtime.Core;

namespace SessionGrid.Silo.Health;

/// <summary>The grain runtime: which silo, since when, how many activations.</summary>
internal sealed class RuntimeHealthCheck(IGrainCatalogStatistics catalog, SiloIdentity identity) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(HealthCheckResult.Healthy("grain runtime running", new Dictionary<string, object>
        {
            ["silo"] = identity.Name,
            ["startedAt"] = identity.StartedAt,
            ["activations"] = catalog.ActivationCount,
        }));
}
