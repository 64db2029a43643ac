using SessionGrid.Cluster.Tests.Support;
using SessionGrid.TestKit.Cluster;

namespace SessionGrid.Cluster.Tests.Failover;

/// <summary>
/// The membership options that declare a killed silo dead in seconds must not evict one that only
/// stalls for 2 s (a long GC pause, a VM hiccup): SIGSTOP, 2 s, SIGCONT. The silo runs the shipped
/// appsettings.json membership options here, not the test kit's faster ones.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PausedSiloTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> ShippedMembership = new()
    {
        ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["Orleans:Membership:NumMissedProbesLimit"] = "3",
        ["Orleans:Membership:NumVotesForDeathDeclaration"] = "2",
    };

    private SiloCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SiloCluster.StartAsync(3, ShippedMembership);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Pause_TwoSeconds_SiloIsNotEvictedAndServesAgain()
    {
        var paused = _cluster[2];
        await using var client = await paused.ConnectAsync();
        await client.SendHeartbeatAsync("10.4.0.1", id: "paused-1", seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        var before = await ClusterApi.WaitAsync(_cluster, _cluster[0], v => v.Silos.Count(s => s.Status == "active") == 3);

        paused.Pause();
        await Task.Delay(TimeSpan.FromSeconds(2));
        paused.Resume();

        // Serving again: a heartbeat on the same connection is acknowledged.
        await client.SendHeartbeatAsync("10.4.0.1", id: "paused-1", seq: 2, ack: true);
        Assert.Equal(2, (await client.ReceiveTypeAsync("ack")).Seq);

        // Long enough for the suspicions of the pause to have become a death declaration had they
        // been enough: three more probe rounds and a table refresh.
        await Task.Delay(TimeSpan.FromSeconds(8));
        foreach (var silo in _cluster.Silos)
        {
            var view = await ClusterApi.GetAsync(silo);
            Assert.True(view.Silos.Count(s => s.Status == "active") == 3, $"{silo.Name} sees {ClusterApi.Describe(view)}\n{_cluster.Describe()}");
            Assert.Equal(before.Silos.Single(s => s.Name == paused.Name).Address, view.Silos.Single(s => s.Name == paused.Name).Address);
        }

        Assert.False(paused.HasExited);
        await client.SendHeartbeatAsync("10.4.0.1", id: "paused-1", seq: 3, ack: true);
        Assert.Equal(3, (await client.ReceiveTypeAsync("ack")).Seq);
    }
}
