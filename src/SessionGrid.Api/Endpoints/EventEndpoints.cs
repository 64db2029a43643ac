using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary><c>GET /api/events</c>: the newest session transitions, newest first.</summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/events", (string? limit, RecentSessionEvents events) =>
        {
            var take = SessionEndpoints.DefaultLimit;
            if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out take) || take < 1 || take > SessionEndpoints.MaxLimit))
            {
                return Problems.BadRequest("invalid-limit", $"limit must be an integer from 1 to {SessionEndpoints.MaxLimit} (was '{limit}').");
            }

            var items = events.Latest(take).Select(e => new { e.SessionId, Transition = SessionTransitionView.Create(e.Transition) }).ToList();
            return Results.Ok(new { items, count = items.Count, published = events.Published });
        });
        return endpoints;
    }
}
