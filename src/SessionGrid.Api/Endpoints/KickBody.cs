using System.ComponentModel;

namespace SessionGrid.Api.Endpoints;

/// <summary>The body of <c>POST /api/sessions/{id}/kick</c>.</summary>
public sealed record KickBody([property: Description("Why the session is kicked, in the operator's words (up to 256 characters); recorded on the event.")] string? Reason);
