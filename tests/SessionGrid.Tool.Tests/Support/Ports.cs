using System.Net;
using System.Net.Sockets;

namespace SessionGrid.Tool.Tests.Support;

internal static class Ports
{
    /// <summary>A loopback port that was free a moment ago and has no listener: connecting to it is refused.</summary>
    public static int Closed()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
