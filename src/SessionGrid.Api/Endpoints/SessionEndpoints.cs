using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using SessionGrid.Grains.Sessions;

using SessionGrid.Api.Security;

namespace SessionGrid.Api.Endpoints;

/// <summary>
/// The session API: the list from the store (filters, sorts, keyset cursor), one session live from its
/// grain, its timeline from the event log, and the operator's kick. Ids with "/" are percent-encoded (%2F).
/// </summary>
public static class SessionEndpoints
{
    /// <summary>The most transitions <c>GET /api/sessions/{id}/events</c> returns.</summary>
    public const int TimelineLimit = 10_000;

    /// <summary>The longest kick reason.</summary>
    public const int MaxReasonLength = 256;

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/sessions").WithTags("Sessions");
        group.MapGet("/", ListAsync)
            .WithSummary("List sessions from the store: filters, sort and keyset cursor paging.")
            .WithDescription("Every filter given must hold. Follow `next` with `cursor=` and the same filters and sort; a page never repeats or skips a row that did not change meanwhile.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id}", GetAsync)
            .WithSummary("One session, live from its grain.")
            .WithDescription("Percent-encode a \"/\" in the id as %2F.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/events", TimelineAsync)
            .WithSummary("The session's transition timeline, oldest first, across incarnations.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/{id}/kick", KickAsync)
            .RequireAuthorization(ApiPolicies.Operator)
            .WithSummary("Close the session and kick its client (close frame with reason kicked); the event records who did it.")
            .AddOpenApiOperationTransformer(static async (operation, context, cancellationToken) =>
            {
                // The body is read by hand (bad JSON is a 400 with a code, not the framework's 415 or 400),
                // so it is described here.
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = false,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(KickBody), null, cancellationToken) },
                    },
                };
            })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    private static async Task<Results<Ok<SessionListResponse>, ProblemHttpResult>> ListAsync(
        [AsParameters] SessionListParameters parameters, HttpRequest request, ISessionQuery query, CancellationToken cancellationToken)
    {
        if (QueryParameters.CheckNames(request, SessionListParameters.Names) is { } unknown)
        {
            return unknown;
        }

        if (!parameters.TryCreate(out var list, out var problem))
        {
            return problem;
        }

        var page = await query.ListAsync(list, cancellationToken);
        return TypedResults.Ok(new SessionListResponse(page.Items, page.Items.Count, list.Limit, page.Next));
    }

    private static async Task<Results<Ok<SessionSnapshot>, ProblemHttpResult>> GetAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (QueryParameters.CheckNames(context.Request) is { } unknown)
        {
            return unknown;
        }

        if (!SessionIdRoute.TryGet(context, out var sessionId, out var problem))
        {
            return problem;
        }

        var snapshot = await grains.GetGrain<IClientSessionGrain>(sessionId).GetSnapshotAsync();
        return snapshot is null
            ? Problems.NotFound("session-not-found", $"No session with id '{QueryParameters.Shorten(sessionId)}'.")
            : TypedResults.Ok(snapshot);
    }

    private static async Task<Results<Ok<SessionTimelineResponse>, ProblemHttpResult>> TimelineAsync(
        string id, HttpContext context, ISessionEventQuery events, CancellationToken cancellationToken)
    {
        if (QueryParameters.CheckNames(context.Request) is { } unknown)
        {
            return unknown;
        }

        if (!SessionIdRoute.TryGet(context, out var sessionId, out var problem))
        {
            return problem;
        }

        var newestFirst = await events.LatestAsync(new SessionEventFilter(SessionId: sessionId), TimelineLimit, cancellationToken);
        var items = new SessionTransitionView[newestFirst.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = SessionTransitionView.Create(newestFirst[items.Length - 1 - i].Transition);
        }

        return TypedResults.Ok(new SessionTimelineResponse(sessionId, items, items.Length, items.Length == TimelineLimit));
    }

    private static async Task<Results<Ok<KickResponse>, ProblemHttpResult>> KickAsync(string id, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (QueryParameters.CheckNames(context.Request) is { } unknown)
        {
            return unknown;
        }

        if (!SessionIdRoute.TryGet(context, out var sessionId, out var problem))
        {
            return problem;
        }

        var (body, bodyProblem) = await ReadKickBodyAsync(context.Request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var actor = context.User.ActorName();
        var grain = grains.GetGrain<IClientSessionGrain>(sessionId);
        if (await grain.KickAsync(new KickRequest(actor, body?.Reason)))
        {
            return TypedResults.Ok(new KickResponse(sessionId, true, actor, body?.Reason));
        }

        return await grain.GetSnapshotAsync() is null
            ? Problems.NotFound("session-not-found", $"No session with id '{QueryParameters.Shorten(sessionId)}'.")
            : Problems.Conflict("session-closed", $"Session '{QueryParameters.Shorten(sessionId)}' is already closed.");
    }

    /// <summary>The body is optional; when there is one it is JSON <c>{"reason": "..."}</c>.</summary>
    private static async Task<(KickBody? Body, ProblemHttpResult? Problem)> ReadKickBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return (null, null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, Problems.BadRequest("invalid-body", "The body must be JSON (Content-Type: application/json): {\"reason\": \"...\"}."));
        }

        KickBody? body;
        try
        {
            body = await request.ReadFromJsonAsync<KickBody>(cancellationToken);
        }
        catch (JsonException)
        {
            return (null, Problems.BadRequest("invalid-body", "The body must be a JSON object: {\"reason\": \"...\"}."));
        }

        if (body?.Reason is { } reason && (reason.Length > MaxReasonLength || reason.Contains('\0', StringComparison.Ordinal)))
        {
            return (null, Problems.BadRequest("invalid-reason", $"reason must be at most {MaxReasonLength} characters without NUL."));
        }

        return (body, null);
    }
}
