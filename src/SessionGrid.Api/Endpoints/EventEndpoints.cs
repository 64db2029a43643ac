using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SessionGrid.Grains.Events;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>
/// <c>GET /api/events</c>: session transitions from the event log, newest first; <c>GET /api/events/stream</c>:
/// the same as server-sent events while they happen (every silo's with PostgreSQL, this silo's in the
/// embedded default). The session is a query parameter because ids may contain "/".
/// </summary>
public static class EventEndpoints
{
    /// <summary>The SSE event type of a transition.</summary>
    public const string TransitionEventType = "transition";

    /// <summary>The SSE event sent once the subscription is in place: transitions after it are delivered.</summary>
    public const string ReadyEventType = "ready";

    private static readonly string[] LatestNames = ["session", "status", "prefix", "limit"];
    private static readonly string[] StreamNames = ["status", "prefix"];

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/events").WithTags("Events");
        group.MapGet("/", LatestAsync)
            .WithSummary("Session transitions, newest first: of every session, one session, an id prefix and/or into one status.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/stream", Stream)
            .WithSummary("Server-sent events (type transition) of session transitions as they happen, filtered by status and id prefix.")
            .WithDescription("The first event (type ready) says the subscription is in place. A client more than 1,024 events behind loses the oldest. While no event comes, a comment line (: keep-alive) is sent every EventStream:KeepAlive (default 15 s) so that proxies with an idle timeout keep the stream open.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<Results<Ok<EventListResponse>, ProblemHttpResult>> LatestAsync(
        [Description("Only this session's events (its id, not encoded beyond the query string's own encoding).")] string? session,
        [Description("Only transitions into this status: live, leave or closed.")] string? status,
        [Description("Only sessions whose id starts with this text, taken literally.")] string? prefix,
        [Description("At most this many events, 1 to 1000 (default 100).")] string? limit,
        HttpRequest request,
        ISessionEventQuery events,
        CancellationToken cancellationToken)
    {
        if (QueryParameters.CheckNames(request, LatestNames) is { } unknown)
        {
            return unknown;
        }

        if (!QueryParameters.TryLimit(limit, SessionListQuery.DefaultLimit, out var take, out var problem)
            || !QueryParameters.TryStatus(status, out var to, out problem)
            || !QueryParameters.TryIdPrefix(prefix, out problem))
        {
            return problem!;
        }

        if (session is not null && (session.Length == 0 || session.Length > SessionIdRoute.MaxLength))
        {
            return Problems.BadRequest("invalid-session", $"session must be a session id of 1 to {SessionIdRoute.MaxLength} characters; leave it out for the events of every session.");
        }

        var latest = await events.LatestAsync(new SessionEventFilter(session, to, prefix), take, cancellationToken);
        var items = latest.Select(EventView.Create).ToList();
        return TypedResults.Ok(new EventListResponse(items, items.Count));
    }

    private static Results<EventStreamResult, ProblemHttpResult> Stream(
        [Description("Only transitions into this status: live, leave or closed.")] string? status,
        [Description("Only sessions whose id starts with this text, taken literally.")] string? prefix,
        HttpRequest request,
        SessionEventHub hub,
        IOptions<EventStreamOptions> options,
        TimeProvider time)
    {
        if (QueryParameters.CheckNames(request, StreamNames) is { } unknown)
        {
            return unknown;
        }

        if (!QueryParameters.TryStatus(status, out var to, out var problem) || !QueryParameters.TryIdPrefix(prefix, out problem))
        {
            return problem!;
        }

        // Subscribed before the response starts, so nothing published after "ready" is missed.
        return new EventStreamResult(hub.Subscribe(new SessionEventFilter(Status: to, IdPrefix: prefix)), options.Value.KeepAlive, time);
    }
}
