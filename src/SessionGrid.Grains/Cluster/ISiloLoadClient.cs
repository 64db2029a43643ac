namespace SessionGrid.Grains.Cluster;

/// <summary>Reaches the <see cref="ISiloLoadService"/> of a chosen silo.</summary>
public interface ISiloLoadClient
{
    Task<SiloLoad> GetLoadAsync(SiloAddress silo);
}
