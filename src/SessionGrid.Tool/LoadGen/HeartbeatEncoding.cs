namespace SessionGrid.Tool.LoadGen;

/// <summary>How heartbeat bodies are written.</summary>
internal enum HeartbeatEncoding
{
    /// <summary>The body is the JSON object.</summary>
    Plain,

    /// <summary>The body is a JSON string holding the object, as many deployed clients send it.</summary>
    Double,
}
