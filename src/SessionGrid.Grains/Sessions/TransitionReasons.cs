namespace SessionGrid.Grains.Sessions;

/// <summary>Reasons carried by transitions, <c>state</c> frames and <c>close</c> frames.</summary>
public static class TransitionReasons
{
    /// <summary>First connection of a new incarnation.</summary>
    public const string Connected = "connected";

    /// <summary>No heartbeat for MissThreshold x Interval.</summary>
    public const string HeartbeatTimeout = "heartbeat-timeout";

    /// <summary>The connection dropped (FIN, RST, timeout).</summary>
    public const string ConnectionLost = "connection-lost";

    /// <summary>The connection was closed for a protocol violation.</summary>
    public const string ProtocolViolation = "protocol-violation";

    /// <summary>The client declared <c>leave</c>.</summary>
    public const string ClientLeave = "client-leave";

    /// <summary>RecoveryHeartbeats consecutive on-time heartbeats.</summary>
    public const string Recovered = "recovered";

    /// <summary>The client came back on a new connection and sent a heartbeat.</summary>
    public const string Reconnected = "reconnected";

    /// <summary>The session stayed in leave for LeaveTimeout.</summary>
    public const string LeaveTimeout = "leave-timeout";

    /// <summary>The client declared <c>close</c> or sent <c>bye</c>.</summary>
    public const string ClientClosed = "client-closed";

    /// <summary>An operator kicked the session.</summary>
    public const string Kicked = "kicked";

    /// <summary>Another connection or silo took the session over.</summary>
    public const string TakenOver = "taken-over";

    /// <summary>The silo shut down while the client was connected.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>The silo holding the session died or left the cluster, and the client did not come back within the miss window.</summary>
    public const string SiloLost = "silo-lost";
}
