using System.Diagnostics;
using SessionGrid.Cluster.Tests.Support;
using SessionGrid.TestKit.Cluster;

namespace SessionGrid.Cluster.Tests.Outages;

/// <summary>
/// The membership Redis goes away for 60 s under load (a heartbeat a second): the silos keep serving
/// with their last membership view, /health and /metrics say degraded, and everything recovers by itself.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    private SiloCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SiloCluster.StartAsync(2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RedisStopped_SilosServeWithLastViewSayDegradedAndRecoverByThemselves()
    {
        var (first, second) = (_cluster[0], _cluster[1]);
        await using var client = await first.ConnectAsync();
        await client.SendHeartbeatAsync("10.6.0.1", id: "outage-1", seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        await Health.WaitForAsync(first, "membership", "healthy");

        await _cluster.Redis.StopAsync();
        var outage = Stopwatch.StartNew();

        long seq = 2;
        await using (new HeartbeatLoop(client, "10.6.0.1", "outage-1", 1000))
        {
            await Health.WaitForAsync(first, "membership", "degraded");
            await Health.WaitForAsync(second, "membership", "degraded");
            await Health.WaitForMetricAsync(first, "membership", 1);
            if (outage.Elapsed < Outage)
            {
                await Task.Delay(Outage - outage.Elapsed);
            }

            // Still one cluster, from each silo's last view.
            foreach (var silo in _cluster.Silos)
            {
                var view = await ClusterApi.GetAsync(silo);
                Assert.Equal(2, view.View.Count(m => m.Status == "active"));
            }
        }

        // Serving: heartbeats, and a resume through the other silo (directory and migration need no Redis).
        await client.SendHeartbeatAsync("10.6.0.1", id: "outage-1", seq: seq, ack: true);
        Assert.Equal(seq, (await client.ReceiveTypeAsync("ack")).Seq);
        await using var moved = await second.ConnectAsync();
        await moved.SendHeartbeatAsync("10.6.0.1", id: "outage-1", seq: ++seq, ack: true);
        Assert.Equal(seq, (await moved.ReceiveTypeAsync("ack")).Seq);
        Assert.Equal("taken-over", (await client.ReceiveTypeAsync("close")).Reason);

        await _cluster.Redis.StartAsync();

        await Health.WaitForAsync(first, "membership", "healthy");
        await Health.WaitForAsync(second, "membership", "healthy");
        await Health.WaitForMetricAsync(first, "membership", 0);
        await ClusterApi.WaitAsync(_cluster, first, v => v.MembershipTable == "reachable" && v.Silos.Count(s => s.Status == "active") == 2);
        await ClusterApi.WaitForPlacementAsync(_cluster, "outage-1", second);

        // Membership writes work again: a new silo joins and everyone sees it.
        await _cluster.AddSiloAsync();
        await ClusterApi.WaitAsync(_cluster, first, v => v.Silos.Count(s => s.Status == "active") == 3);
    }
}
