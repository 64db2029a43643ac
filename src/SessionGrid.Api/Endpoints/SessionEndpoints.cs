using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>The read-only session API: lists from the store, one session live from its grain.</summary>
public static class SessionEndpoints
{
    /// <summary>Default page size of <c>GET /api/sessions</c>.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Largest page <c>GET /api/sessions</c> returns.</summary>
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/stats", async (ISessionQuery query, CancellationToken cancellationToken)
            => Results.Ok(new { sessions = await query.CountByStatusAsync(cancellationToken) }));
        var group = endpoints.MapGroup("/api/sessions");
        group.MapGet("/", ListAsync);
        // Catch-all: session ids may contain "/" (the gateway accepts any printable id).
        group.MapGet("/{**id}", GetAsync);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(string? status, string? limit, ISessionQuery query, CancellationToken cancellationToken)
    {
        SessionStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!SessionStatusNames.TryParse(status, out var parsed))
            {
                return Problems.BadRequest("invalid-status", $"status must be one of live, leave, closed (was '{status}').");
            }

            filter = parsed;
        }

        var take = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out take) || take < 1 || take > MaxLimit))
        {
            return Problems.BadRequest("invalid-limit", $"limit must be an integer from 1 to {MaxLimit} (was '{limit}').");
        }

        var items = await query.ListAsync(filter, take, cancellationToken);
        return Results.Ok(new SessionPage(items, items.Count, take, filter?.ToWire()));
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 512)
        {
            return Problems.BadRequest("invalid-id", "A session id is 1 to 512 characters.");
        }

        var snapshot = await grains.GetGrain<IClientSessionGrain>(id).GetSnapshotAsync();
        return snapshot is null
            ? Problems.NotFound("session-not-found", $"No session with id '{id}'.")
            : Results.Ok(snapshot);
    }
}
