namespace SessionGrid.Api.Endpoints;

/// <summary><c>GET /api/cluster/sessions/{id}</c>: how many activations the session has cluster-wide (one, or none) and on which silo.</summary>
public sealed record SessionPlacementView(string SessionId, int Activations, string? Silo);
