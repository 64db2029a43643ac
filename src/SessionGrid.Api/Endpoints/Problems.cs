using Microsoft.AspNetCore.Http;

namespace SessionGrid.Api.Endpoints;

/// <summary>RFC 9457 problem responses with a stable machine-readable <c>code</c>.</summary>
internal static class Problems
{
    public static IResult BadRequest(string code, string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", code, detail);

    public static IResult NotFound(string code, string detail) => Problem(StatusCodes.Status404NotFound, "Not found", code, detail);

    private static IResult Problem(int status, string title, string code, string detail)
        => Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
