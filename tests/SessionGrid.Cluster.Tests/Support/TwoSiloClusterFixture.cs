using SessionGrid.TestKit.Cluster;

namespace SessionGrid.Cluster.Tests.Support;

/// <summary>Two silo processes in one cluster, shared by the tests of a class that do not kill them.</summary>
public sealed class TwoSiloClusterFixture : IAsyncLifetime
{
    private SiloCluster? _cluster;

    public SiloCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture is used before xunit initialized it.");

    public async Task InitializeAsync() => _cluster = await SiloCluster.StartAsync(2);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
