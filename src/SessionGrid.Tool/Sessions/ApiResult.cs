using System.Text.Json;

namespace SessionGrid.Tool.Sessions;

/// <summary>A call's JSON body, or why there is none.</summary>
internal sealed record ApiResult(JsonDocument? Body, string? Error)
{
    public static ApiResult Ok(JsonDocument body) => new(body, null);

    public static ApiResult Failed(string error) => new(null, error);
}
