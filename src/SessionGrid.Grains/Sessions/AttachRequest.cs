namespace SessionGrid.Grains.Sessions;

/// <summary>A connection presents itself to its session: on its first frame, or on a hello.</summary>
/// <param name="Connection">The connection's observer; the grain keeps it until it closes or is replaced.</param>
/// <param name="ConnectionId">Unique per connection across the cluster; frames of other connections are not the session's.</param>
/// <param name="RemoteEndpoint">The client's <c>ip:port</c>.</param>
/// <param name="RequestedIntervalSeconds">The hello's <c>interval</c>, if any.</param>
/// <param name="Resumed">
/// The same connection presents itself again because the activation that held it is gone; this is
/// not a client reconnect and is not counted as one.
/// </param>
/// <param name="Silo">The silo whose gateway holds the connection: the session's activation moves there.</param>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.AttachRequest")]
public sealed record AttachRequest(
    [property: Id(0)] ISessionConnection Connection,
    [property: Id(1)] long ConnectionId,
    [property: Id(2)] string RemoteEndpoint,
    [property: Id(3)] int? RequestedIntervalSeconds,
    [property: Id(4)] bool Resumed = false,
    [property: Id(5)] SiloAddress? Silo = null);
