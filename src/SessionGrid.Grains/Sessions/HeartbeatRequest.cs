namespace SessionGrid.Grains.Sessions;

/// <summary>
/// One heartbeat, as the gateway forwards it. A struct of primitives and cached strings, so the
/// call allocates nothing.
/// </summary>
/// <param name="ConnectionId">The connection it came on; only the attached connection's heartbeats count.</param>
/// <param name="BytesIn">Bytes received on the connection since the previous call (frames of every kind).</param>
public readonly record struct HeartbeatRequest(
    long ConnectionId,
    ClientDeclaredStatus Status,
    string DeclaredIp,
    long? Pid,
    long BytesIn);
