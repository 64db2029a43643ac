using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>One page of <c>GET /api/sessions</c>; <paramref name="Next"/> is the cursor of the next page, null on the last one.</summary>
public sealed record SessionListResponse(IReadOnlyList<SessionSnapshot> Items, int Count, int Limit, string? Next);
