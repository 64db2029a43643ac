namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The client connection a session grain holds, as the grain sees it. Implemented by the gateway.
/// Calls never block the grain's turn: frames are queued and written by the connection.
/// </summary>
public interface ISessionConnection
{
    long ConnectionId { get; }

    /// <summary>The client's <c>ip:port</c>.</summary>
    string RemoteEndpoint { get; }

    /// <summary>Sends a <c>state</c> frame.</summary>
    void SendState(SessionStatus status, string reason);

    /// <summary>Sends a <c>close</c> frame with <paramref name="reason"/>, then closes the socket (the kick).</summary>
    void Close(string reason);
}
