using System.Globalization;
using System.Text.Json;

namespace SessionGrid.Tool.Sessions;

/// <summary>Reads fields of the API's JSON for tables: missing or null fields show as "-".</summary>
internal static class JsonText
{
    public const string None = "-";

    public static string Field(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Format(value) : None;

    public static string Field(JsonElement element, string name, string inner)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Field(value, inner) : None;

    /// <summary>Times as UTC to the second; numbers as written; strings as they are.</summary>
    public static string Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => None,
        JsonValueKind.String when value.TryGetDateTimeOffset(out var time) && value.GetString()!.Contains('T') =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString() ?? None,
        _ => value.GetRawText(),
    };
}
