using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrid.Gateway.Connections;
using SessionGrid.Silo.Hosting;

namespace SessionGrid.Silo.Health;

/// <summary>The client gateway: where it listens and what it has seen.</summary>
internal sealed class GatewayHealthCheck(GatewayMetrics metrics, SiloEndpoints endpoints) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(HealthCheckResult.Healthy("accepting client connections", new Dictionary<string, object>
        {
            ["endpoint"] = endpoints.Gateway.ToString(),
            ["connectionsOpen"] = metrics.ConnectionsOpen,
            ["connectionsAccepted"] = metrics.ConnectionsAccepted,
            ["frames"] = metrics.FramesIn,
            ["bytes"] = metrics.BytesIn,
            ["heartbeats"] = metrics.Heartbeats,
            ["protocolViolations"] = metrics.ViolationsByCode(),
        }));
}
