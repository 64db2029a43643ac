using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>
/// <c>GET /api/events?limit=&amp;session=</c>: session transitions, newest first; of the whole grid, or
/// the history of one session. The session is a query parameter because ids may contain "/".
/// </summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/events", LatestAsync);
        return endpoints;
    }

    private static async Task<IResult> LatestAsync(string? limit, string? session, ISessionEventQuery events, CancellationToken cancellationToken)
    {
        var take = SessionEndpoints.DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out take) || take < 1 || take > SessionEndpoints.MaxLimit))
        {
            return Problems.BadRequest("invalid-limit", $"limit must be an integer from 1 to {SessionEndpoints.MaxLimit} (was '{limit}').");
        }

        if (session is not null && session.Length == 0)
        {
            return Problems.BadRequest("invalid-session", "session must be a session id; leave it out for the events of every session.");
        }

        var latest = await events.LatestAsync(session, take, cancellationToken);
        var items = latest.Select(static e => new
        {
            e.SessionId,
            e.Transition.Seq,
            e.Silo,
            Transition = SessionTransitionView.Create(e.Transition),
        }).ToList();
        return Results.Ok(new { items, count = items.Count });
    }
}
