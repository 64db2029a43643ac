namespace SessionGrid.Runtime.Cluster;

/// <summary>
/// Who this silo is. Membership (Redis) gives it a generation later; today it names the owner of
/// the sessions this silo holds.
/// </summary>
/// <param name="Name">Stable name, <c>host:gatewayPort</c> unless configured.</param>
/// <param name="StartedAt">When this silo process started; distinguishes restarts of the same name.</param>
public sealed record SiloIdentity(string Name, DateTimeOffset StartedAt);
