namespace SessionGrid.Grains.Sessions;

/// <summary>
/// One heartbeat, as the gateway forwards it. A sealed immutable class rather than a struct: Orleans
/// passes it to a local grain without copying or boxing it.
/// </summary>
/// <param name="ConnectionId">The connection it came on; only the attached connection's heartbeats count.</param>
/// <param name="BytesIn">Bytes received on the connection since the previous call (frames of every kind).</param>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.HeartbeatRequest")]
public sealed record HeartbeatRequest(
    [property: Id(0)] long ConnectionId,
    [property: Id(1)] ClientDeclaredStatus Status,
    [property: Id(2)] string DeclaredIp,
    [property: Id(3)] long? Pid,
    [property: Id(4)] long BytesIn);
