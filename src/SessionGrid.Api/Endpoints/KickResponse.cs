namespace SessionGrid.Api.Endpoints;

/// <summary>A kick that was made: the session is closed and its client is told <c>kicked</c>.</summary>
public sealed record KickResponse(string SessionId, bool Kicked, string By, string? Reason);
