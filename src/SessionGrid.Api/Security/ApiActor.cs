using System.Security.Claims;

namespace SessionGrid.Api.Security;

/// <summary>Who did it, as operators read it in events: the token's subject.</summary>
public static class ApiActor
{
    /// <summary>The caller's <c>sub</c> (or name); <c>anonymous</c> when there is none.</summary>
    public static string ActorName(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.FindFirst(SessionTokens.SubjectClaim)?.Value ?? principal.Identity?.Name;
        return string.IsNullOrWhiteSpace(name) ? "anonymous" : name;
    }
}
