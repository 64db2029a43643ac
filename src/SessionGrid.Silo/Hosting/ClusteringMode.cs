namespace SessionGrid.Silo.Hosting;

/// <summary>How this silo finds the others, as health and the start-up log describe it (never with a password).</summary>
public sealed record ClusteringMode(string Name, string Description)
{
    public static readonly ClusteringMode Localhost = new("localhost", "single silo (localhost clustering)");

    public static ClusteringMode Redis(string where) => new("redis", $"Redis membership at {where}");
}
