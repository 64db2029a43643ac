namespace SessionGrid.Api.Metrics;

/// <summary>Pushing metrics to an OpenTelemetry collector. Bound from the <c>OpenTelemetry</c> configuration section.</summary>
public sealed class OpenTelemetryOptions
{
    public const string SectionName = "OpenTelemetry";

    /// <summary>OTLP endpoint (e.g. <c>http://collector:4317</c>, or the full <c>.../v1/metrics</c> URL with <c>http</c>). Default none: no push, <c>/metrics</c> only.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http</c> (HTTP/protobuf). Default <c>grpc</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Time between pushes. Default 60 seconds.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);
}
