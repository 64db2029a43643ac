using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace SessionGrid.Api.Security;

/// <summary>
/// Browsers cannot send a bearer header: <c>POST /auth/sign-in</c> takes a token (JSON <c>{"token": ...}</c>
/// or a form field <c>token</c>), checks it and keeps it in an HttpOnly, SameSite=Strict cookie that the
/// bearer handler reads; <c>POST /auth/sign-out</c> clears it.
/// </summary>
public static class SignInEndpoints
{
    public const string CookieName = "sessiongrid-token";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth").AllowAnonymous();
        group.MapPost("/sign-in", SignInAsync);
        group.MapPost("/sign-out", SignOut);
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IOptions<AuthOptions> options)
    {
        if (!options.Value.RequiresTokens)
        {
            return SecurityProblems.Result(StatusCodes.Status400BadRequest, SecurityProblems.AuthDisabled, "No Auth:SigningKey is set: tokens are not used and loopback callers are already operators.");
        }

        var token = await ReadTokenAsync(context.Request, context.RequestAborted);
        if (string.IsNullOrWhiteSpace(token))
        {
            return SecurityProblems.Result(StatusCodes.Status400BadRequest, SecurityProblems.MissingToken, "Send the token as JSON {\"token\": \"...\"} or as the form field 'token'.");
        }

        var result = await SessionTokens.ValidateAsync(options.Value, token);
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenExpiredException
                ? SecurityProblems.Result(StatusCodes.Status401Unauthorized, SecurityProblems.TokenExpired, "The token has expired; mint a new one with 'sessiongrid token create'.")
                : SecurityProblems.Result(StatusCodes.Status401Unauthorized, SecurityProblems.InvalidToken, "The token is not valid here (wrong signature, issuer, audience or format).");
        }

        if (!result.ClaimsIdentity.Claims.Any(c => c.Type == SessionTokens.RoleClaim && ApiRoles.All.Contains(c.Value)))
        {
            return SecurityProblems.Result(StatusCodes.Status403Forbidden, SecurityProblems.Forbidden, "The token carries neither the viewer nor the operator role.");
        }

        context.Response.Cookies.Append(CookieName, token, CookieOptions(context, result.SecurityToken.ValidTo));
        return Results.NoContent();
    }

    private static IResult SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(CookieName, CookieOptions(context, expires: null));
        return Results.NoContent();
    }

    private static async Task<string?> ReadTokenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form["token"].ToString();
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
                ? token.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CookieOptions CookieOptions(HttpContext context, DateTime? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
    };
}
