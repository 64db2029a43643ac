namespace SessionGrid.Silo.Hosting;

/// <summary>The Orleans cluster this silo joins. Bound from the <c>Orleans</c> configuration section.</summary>
public sealed class OrleansOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Orleans' <c>ClusterMembershipOptions</c> (probes, votes, liveness), used with Redis clustering.</summary>
    public const string MembershipSectionName = "Orleans:Membership";

    /// <summary>Silos with the same cluster id form one cluster. Default <c>sessiongrid</c>.</summary>
    public string ClusterId { get; set; } = "sessiongrid";

    /// <summary>Identifies the service across deployments: state and reminders are keyed by it. Default <c>sessiongrid</c>.</summary>
    public string ServiceId { get; set; } = "sessiongrid";

    /// <summary>Port for silo-to-silo traffic. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for external Orleans clients; 0 opens none (SessionGrid's own clients use the TCP gateway). Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (with Redis clustering). Default <c>127.0.0.1</c>.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
