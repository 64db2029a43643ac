using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SessionGrid.Silo.Hosting;

/// <summary>
/// The endpoints Kestrel bound. With port 0 the real port is known only after start, so tests and
/// the start-up log read it from here.
/// </summary>
public sealed class SiloEndpoints
{
    internal ListenOptions? GatewayListen { get; set; }

    internal ListenOptions? HttpListen { get; set; }

    public IPEndPoint Gateway => Bound(GatewayListen, "gateway");

    public IPEndPoint Http => Bound(HttpListen, "HTTP");

    private static IPEndPoint Bound(ListenOptions? listen, string what)
        => listen?.IPEndPoint ?? throw new InvalidOperationException($"The {what} endpoint is not configured.");
}
