using System.Text.Json.Serialization;

namespace SessionGrid.Tool.LoadGen.Summary;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LoadSummary))]
internal sealed partial class SummaryJsonContext : JsonSerializerContext;
