namespace SessionGrid.Gateway.Hosting;

/// <summary>The client-facing TCP gateway. Bound from the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>TCP port clients connect to; 0 picks a free port (tests). Default 14000.</summary>
    public int Port { get; set; } = 14000;

    /// <summary>Address to listen on. Default <c>0.0.0.0</c> (every IPv4 interface); <c>::</c> for dual stack.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Largest frame body accepted, checked from the header before the body is buffered. Default 64 KiB.</summary>
    public int MaxFrameLength { get; set; } = 64 * 1024;

    /// <summary>A connection that sends no complete frame within this time is closed. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Once the first bytes of a frame have arrived, the whole frame must arrive within this time,
    /// or the connection is closed with <c>frame-timeout</c>: a client dribbling a frame byte by byte
    /// (slowloris) cannot hold a connection and its buffer. Default 10 s.
    /// </summary>
    public TimeSpan FrameTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest a <c>close</c> frame may take to reach a client that does not read; after it the
    /// connection is aborted. Default 5 s.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
