using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionGrid.Api.Security;

/// <summary>
/// Without a signing key the silo listens on loopback only, and whoever reaches it from there is the
/// machine's own operator: this scheme makes every loopback caller <c>local</c> in the operator role.
/// </summary>
internal sealed class LoopbackAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Loopback";

    public const string ActorName = "local";

    private static readonly ClaimsPrincipal s_local = new(new ClaimsIdentity(
        [new Claim(SessionTokens.SubjectClaim, ActorName), new Claim(SessionTokens.RoleClaim, ApiRoles.Operator)],
        SchemeName,
        SessionTokens.SubjectClaim,
        SessionTokens.RoleClaim));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        => Task.FromResult(Context.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote)
            ? AuthenticateResult.Success(new AuthenticationTicket(s_local, SchemeName))
            : AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        => SecurityProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, SecurityProblems.Unauthenticated, "No Auth:SigningKey is set, so only loopback callers are served.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => SecurityProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, SecurityProblems.Forbidden, "This needs a role the caller does not have.");
}
