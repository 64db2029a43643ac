using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionGrid.Api.Endpoints;
using SessionGrid.Api.Health;
using SessionGrid.Api.Metrics;
using SessionGrid.Api.RateLimiting;
using SessionGrid.Api.Security;
using SessionGrid.Api.Stats;

namespace SessionGrid.Api;

/// <summary>Registers and maps the operator API. Health checks are registered by the components they describe.</summary>
public static class SessionGridApiExtensions
{
    /// <summary>The API's services: its OpenAPI document, the heartbeat rate sampler and the event stream's options (checked here).</summary>
    public static IServiceCollection AddSessionGridApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(EventStreamOptions.SectionName);
        var failures = (section.Get<EventStreamOptions>() ?? new EventStreamOptions()).Validate();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(EventStreamOptions.SectionName, typeof(EventStreamOptions), failures);
        }

        services.Configure<EventStreamOptions>(section);
        services.AddOpenApi();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HeartbeatRate>();
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<HeartbeatRate>());
        return services;
    }

    public static IEndpointRouteBuilder MapSessionGridApi(this IEndpointRouteBuilder endpoints)
    {
        // /openapi/v1.json: the API's description, readable without a token (it holds no data).
        endpoints.MapOpenApi();

        // Everything under /api reads with the viewer role at least; acting endpoints add ApiPolicies.Operator.
        var api = endpoints.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Viewer).RequireRateLimiting(ApiRateLimiting.PolicyName);
        api.MapSessionEndpoints();
        api.MapEventEndpoints();
        api.MapStatsEndpoints();
        api.MapClusterEndpoints();
        endpoints.MapGroup(string.Empty).RequireRateLimiting(ApiRateLimiting.PolicyName).MapSignInEndpoints();
        endpoints.MapSessionGridMetrics();

        // Anonymous: load balancers probe it without credentials.
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
