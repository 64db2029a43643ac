using SessionGrid.Cluster.Tests.Support;

namespace SessionGrid.Cluster.Tests.Membership;

[Collection(ClusterCollection.Name)]
public sealed class ClusterEndpointTests(TwoSiloClusterFixture fixture) : IClassFixture<TwoSiloClusterFixture>
{
    [Fact]
    public async Task GetCluster_SessionOnFirstSilo_SecondSiloListsBothWithTheFirstSilosLoad()
    {
        var cluster = fixture.Cluster;
        await using var client = await cluster[0].ConnectAsync();
        await client.SendHeartbeatAsync("10.9.0.1", pid: 1, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        var view = await ClusterApi.WaitAsync(cluster, cluster[1], v =>
            v.Silos.Count(s => s.Status == "active") == 2 && v.Silos.Any(s => s.Name == "silo-0" && s.SessionsOwned >= 1 && s.ConnectionsOpen >= 1));

        Assert.Equal("reachable", view.MembershipTable);
        Assert.True(view.MembershipVersion > 0);
        var first = Assert.Single(view.Silos, s => s.Name == "silo-0");
        var second = Assert.Single(view.Silos, s => s.Name == "silo-1");
        Assert.False(first.IsThisSilo);
        Assert.True(second.IsThisSilo);
        Assert.Equal(second.Address, view.ThisSilo);
        Assert.Contains($":{cluster[0].SiloPort}:", first.Address, StringComparison.Ordinal);
        Assert.NotNull(first.StartedAt);
        Assert.NotNull(first.HeartbeatsPerSecond);
        Assert.Equal(0, second.ConnectionsOpen);
        Assert.Equal(2, view.View.Count(m => m.Status == "active"));
    }
}
