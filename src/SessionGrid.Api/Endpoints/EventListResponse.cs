namespace SessionGrid.Api.Endpoints;

/// <summary><c>GET /api/events</c>: events newest first.</summary>
public sealed record EventListResponse(IReadOnlyList<EventView> Items, int Count);
