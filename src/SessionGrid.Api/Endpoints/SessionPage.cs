using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>One page of <c>GET /api/sessions</c>.</summary>
public sealed record SessionPage(IReadOnlyList<SessionSnapshot> Items, int Count, int Limit, string? Status);
