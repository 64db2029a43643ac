using Orleans.Services;

namespace SessionGrid.Grains.Cluster;

/// <summary>Runs in every silo (an Orleans grain service), so a caller can ask a given silo for its load.</summary>
[Alias("SessionGrid.ISiloLoadService")]
public interface ISiloLoadService : IGrainService
{
    [Alias("GetLoad")]
    Task<SiloLoad> GetLoadAsync();
}
