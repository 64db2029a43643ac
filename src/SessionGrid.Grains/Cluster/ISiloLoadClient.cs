namespace SessionGrid.Grains.Cluster;

/// <summary>Reaches the <see cref="ISiloLoadService"/> of a chosen silo.</summary>
public interface ISiloLoadClient
{
    /// <summary>The silo's load, or null when it does not answer within <paramref name="timeout"/> (a page or a view then shows it as unknown).</summary>
    Task<SiloLoad?> GetLoadAsync(SiloAddress silo, TimeSpan timeout);
}
