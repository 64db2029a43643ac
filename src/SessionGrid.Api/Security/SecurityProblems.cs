using Microsoft.AspNetCore.Http;

namespace SessionGrid.Api.Security;

/// <summary>RFC 9457 problem responses with a <c>code</c> for 401, 403 and 429, written from handlers outside an endpoint.</summary>
internal static class SecurityProblems
{
    public const string Unauthenticated = "unauthenticated";
    public const string InvalidToken = "invalid-token";
    public const string TokenExpired = "token-expired";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate-limited";
    public const string MissingToken = "missing-token";
    public const string AuthDisabled = "auth-disabled";

    public static Task WriteAsync(HttpContext context, int status, string code, string detail) => Result(status, code, detail).ExecuteAsync(context);

    public static IResult Result(int status, string code, string detail)
    {
        var title = status switch
        {
            StatusCodes.Status401Unauthorized => "Unauthorized",
            StatusCodes.Status403Forbidden => "Forbidden",
            StatusCodes.Status429TooManyRequests => "Too many requests",
            _ => "Bad request",
        };
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
    }
}
