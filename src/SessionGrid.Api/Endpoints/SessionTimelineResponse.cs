using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>
/// <c>GET /api/sessions/{id}/events</c>: the session's transitions, oldest first, across incarnations;
/// <paramref name="Truncated"/> when it has more than the endpoint returns (the oldest are left out).
/// </summary>
public sealed record SessionTimelineResponse(string SessionId, IReadOnlyList<SessionTransitionView> Items, int Count, bool Truncated);
