namespace SessionGrid.Sink.Hosting;

/// <summary>
/// Where the sink listens. Bound from the <c>Sink</c> configuration section; the defaults are the
/// silo's (gateway 14000, HTTP 8080), so the same load generator command hits either.
/// </summary>
public sealed class SinkOptions
{
    public const string SectionName = "Sink";

    /// <summary>TCP port frames arrive on; 0 picks a free port (tests). Default 14000.</summary>
    public int Port { get; set; } = 14000;

    /// <summary>Address the frame port listens on. Default <c>0.0.0.0</c>.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>HTTP port serving <c>GET /stats</c>; 0 picks a free port (tests). Default 8080.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address the HTTP port listens on. Default <c>0.0.0.0</c>.</summary>
    public string HttpListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Largest frame body accepted, as the gateway's <c>Gateway:MaxFrameLength</c>. Default 64 KiB.</summary>
    public int MaxFrameLength { get; set; } = 64 * 1024;
}
