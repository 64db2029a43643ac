using System.Net;

namespace SessionGrid.Client;

/// <summary>A connection is open; the hello (if any) and the first heartbeat follow at once.</summary>
public sealed class ConnectedEventArgs(int attempt, bool isReconnect, IPEndPoint remoteEndPoint, string sessionId) : EventArgs
{
    /// <summary>Which attempt of the current run of retries succeeded (1 = the first).</summary>
    public int Attempt { get; } = attempt;

    /// <summary>True for every connection after the client's first.</summary>
    public bool IsReconnect { get; } = isReconnect;

    /// <summary>The gateway address actually connected to.</summary>
    public IPEndPoint RemoteEndPoint { get; } = remoteEndPoint;

    /// <summary>The session id this connection speaks for.</summary>
    public string SessionId { get; } = sessionId;
}
