using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace SessionGrid.Api.Security;

/// <summary>
/// The bearer handler's hooks: a browser's token comes from the sign-in cookie when there is no
/// <c>Authorization</c> header, and 401/403 are problem responses saying why.
/// </summary>
internal sealed class BearerEvents : JwtBearerEvents
{
    public override Task MessageReceived(MessageReceivedContext context)
    {
        if (string.IsNullOrEmpty(context.Token) && !context.Request.Headers.ContainsKey("Authorization")
            && context.Request.Cookies.TryGetValue(SignInEndpoints.CookieName, out var token) && !string.IsNullOrEmpty(token))
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (code, detail) = context.AuthenticateFailure switch
        {
            null => (SecurityProblems.Unauthenticated, "A bearer token (Authorization: Bearer ...) or the sign-in cookie is required."),
            SecurityTokenExpiredException => (SecurityProblems.TokenExpired, "The token has expired; mint a new one with 'sessiongrid token create'."),
            _ => (SecurityProblems.InvalidToken, "The token is not valid here (wrong signature, issuer, audience or format)."),
        };
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        return SecurityProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, code, detail);
    }

    public override Task Forbidden(ForbiddenContext context)
        => SecurityProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, SecurityProblems.Forbidden, "This needs a role the token does not carry (viewer reads, operator acts).");
}
