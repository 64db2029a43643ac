using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SessionGrid.Api.Endpoints;
using SessionGrid.Api.Health;

namespace SessionGrid.Api;

/// <summary>Maps the operator API. Health checks are registered by the components they describe.</summary>
public static class SessionGridApiExtensions
{
    public static IEndpointRouteBuilder MapSessionGridApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSessionEndpoints();
        endpoints.MapEventEndpoints();
        endpoints.MapClusterEndpoints();
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                // Degraded still serves heartbeats: load balancers must keep sending traffic.
                [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded] = StatusCodes.Status200OK,
            },
        });
        return endpoints;
    }
}
