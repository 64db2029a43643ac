namespace SessionGrid.Grains.Hosting;

/// <summary>Who this silo is, as session rows name their owner (<c>sessions.owner_silo</c>).</summary>
/// <param name="Name">Stable name, <c>host:gatewayPort</c> unless configured.</param>
/// <param name="StartedAt">When this silo process started; distinguishes restarts of the same name.</param>
public sealed record SiloIdentity(string Name, DateTimeOffset StartedAt);
