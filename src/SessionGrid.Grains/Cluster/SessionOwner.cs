namespace SessionGrid.Grains.Cluster;

/// <summary>
/// What <c>sessions.owner_silo</c> holds: the silo's name and its Orleans address with generation
/// (<c>name/ip:port@generation</c>), so a restarted silo with the same name and port is another owner.
/// </summary>
public static class SessionOwner
{
    public static string Format(string siloName, SiloAddress address) => $"{siloName}/{address.ToParsableString()}";
}
