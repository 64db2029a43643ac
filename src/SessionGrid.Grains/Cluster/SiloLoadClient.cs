using Orleans.Runtime.Services;

namespace SessionGrid.Grains.Cluster;

/// <summary>Addresses the load service of the silo asked for (not the ring owner of a key).</summary>
internal sealed class SiloLoadClient(IServiceProvider services) : GrainServiceClient<ISiloLoadService>(services), ISiloLoadClient
{
    public async Task<SiloLoad?> GetLoadAsync(SiloAddress silo, TimeSpan timeout)
    {
        try
        {
            return await GetGrainService(silo).GetLoadAsync().WaitAsync(timeout);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }
}
