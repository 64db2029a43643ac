using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// How grain states are serialized: for snapshots (deep copies) and by providers that store JSON.
/// Configure with <c>services.Configure&lt;GrainStateSerializerOptions&gt;(...)</c>, for example to plug a
/// source-generated <c>JsonSerializerContext</c> in.
/// </summary>
public sealed class GrainStateSerializerOptions
{
    /// <summary>
    /// Serializer options. Default: <see cref="JsonSerializerDefaults.General"/> with the reflection-based
    /// resolver, so any state type with public get/set properties works without setup.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.General)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };
}
