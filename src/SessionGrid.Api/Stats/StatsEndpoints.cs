using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Api.Endpoints;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Stats;

/// <summary><c>GET /api/stats</c>: the grid at a glance.</summary>
public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/stats", GetAsync)
            .WithTags("Stats")
            .WithSummary("Sessions by status and by owner silo, this silo's heartbeats per second, and the last minute's transitions by target status.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<Results<Ok<StatsResponse>, ProblemHttpResult>> GetAsync(
        HttpRequest request,
        ISessionQuery sessions,
        ISessionEventQuery events,
        HeartbeatRate heartbeats,
        SiloIdentity silo,
        [FromKeyedServices(SessionClock.Key)] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (QueryParameters.CheckNames(request) is { } unknown)
        {
            return unknown;
        }

        var counts = await sessions.CountAsync(cancellationToken);
        var transitions = await events.CountSinceAsync(time.GetUtcNow() - TimeSpan.FromMinutes(1), cancellationToken);
        return TypedResults.Ok(new StatsResponse(silo.Name, counts.ByStatus, counts.BySilo, Math.Round(heartbeats.PerSecond, 3), transitions));
    }
}
