using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionGrid.Api.Endpoints;

/// <summary>RFC 9457 problem responses with a stable machine-readable <c>code</c>.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string code, string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", code, detail);

    public static ProblemHttpResult NotFound(string code, string detail) => Problem(StatusCodes.Status404NotFound, "Not found", code, detail);

    public static ProblemHttpResult Conflict(string code, string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", code, detail);

    private static ProblemHttpResult Problem(int status, string title, string code, string detail)
        => TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
