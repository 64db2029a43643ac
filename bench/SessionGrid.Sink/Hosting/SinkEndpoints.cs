using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SessionGrid.Sink.Hosting;

/// <summary>The endpoints Kestrel bound; with port 0 the real ports are known only after start.</summary>
public sealed class SinkEndpoints
{
    internal ListenOptions? FramesListen { get; set; }

    internal ListenOptions? HttpListen { get; set; }

    public IPEndPoint Frames => Bound(FramesListen, "frame");

    public IPEndPoint Http => Bound(HttpListen, "HTTP");

    private static IPEndPoint Bound(ListenOptions? listen, string what)
        => listen?.IPEndPoint ?? throw new InvalidOperationException($"The {what} endpoint is not configured.");
}
