using System.Net;
using System.Net.Sockets;

namespace SessionGrid.TestKit;

/// <summary>
/// Free loopback TCP ports, for servers that must be told their port before they start (an Orleans silo
/// advertises its port in membership, so it cannot listen on port 0).
/// </summary>
public static class FreePorts
{
    private static readonly object Gate = new();
    private static readonly HashSet<int> Handed = [];

    /// <summary>A port the operating system just had free, never handed out twice by this process.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            while (true)
            {
                using var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
