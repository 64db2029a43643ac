using SessionGrid.Cluster.Tests.Support;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Cluster;

namespace SessionGrid.Cluster.Tests.Failover;

/// <summary>A silo holding sessions is killed (SIGKILL): nothing is written, nobody is told.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloLossTests : IAsyncLifetime
{
    private const int ReturningIntervalSeconds = 10;

    private SiloCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SiloCluster.StartAsync(2, ClusterSettings.ShortSessions);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Kill_SiloHoldingSessions_ReturningClientResumesOnSurvivorAndSilentOneGoesToSiloLost()
    {
        var (doomed, survivor) = (_cluster[0], _cluster[1]);
        await using var returning = await doomed.ConnectAsync();
        await using var silent = await doomed.ConnectAsync();

        // The returning client asks for a 10 s interval (a 30 s miss window), so that "back without a
        // leave" does not depend on how fast a loaded machine declares the death; the silent one keeps
        // the 1 s policy and shows silo-lost quickly.
        await returning.SendHelloAsync("loss-returning", intervalSeconds: ReturningIntervalSeconds);
        await returning.SendHeartbeatAsync("10.3.0.1", id: "loss-returning", seq: 1, ack: true);
        await returning.ReceiveTypeAsync("ack");
        await silent.SendHeartbeatAsync("10.3.0.2", id: "loss-silent", seq: 1, ack: true);
        await silent.ReceiveTypeAsync("ack");
        await survivor.WaitForSessionAsync("loss-silent", s => s.OwnerSilo?.StartsWith("silo-0/", StringComparison.Ordinal) == true);

        await doomed.KillAsync();

        // The returning client reconnects through the survivor at once, before the death is declared:
        // the gateway retries its attach until the directory has moved on.
        await using var back = await survivor.ConnectAsync();
        await back.SendHelloAsync("loss-returning", intervalSeconds: ReturningIntervalSeconds);
        await back.SendHeartbeatAsync("10.3.0.1", id: "loss-returning", seq: 2, ack: true);
        Assert.Equal(2, (await back.ReceiveTypeAsync("ack")).Seq);
        await using (new HeartbeatLoop(back, "10.3.0.1", "loss-returning", 3))
        {
            var lost = await survivor.WaitForSessionAsync("loss-silent", s => s.Status != "live");
            Assert.Equal("leave", lost.Status);
            Assert.Equal("silo-lost", lost.StatusReason);
            Assert.Equal(1, lost.Counters.Leaves);

            var view = await ClusterApi.WaitAsync(_cluster, survivor, v => v.Silos.Any(s => s.Name == "silo-0" && s.Status == "dead"));
            Assert.Equal("active", view.Silos.Single(s => s.Name == "silo-1").Status);

            var resumed = await survivor.WaitForSessionAsync("loss-returning", s => s.OwnerSilo?.StartsWith("silo-1/", StringComparison.Ordinal) == true);
            Assert.Equal("live", resumed.Status);
            Assert.True(resumed.Connected);
            Assert.Equal(1, resumed.Counters.Reconnects);
            Assert.Equal(0, resumed.Counters.Leaves);
            Assert.Equal(1, (await ClusterApi.GetPlacementAsync(survivor, "loss-returning")).Activations);
        }

        // Then closed, by the leave deadline of the grain the sweep activated (or its reminder).
        var closed = await survivor.WaitForSessionAsync("loss-silent", s => s.Status == "closed");
        Assert.Equal("leave-timeout", closed.StatusReason);
    }
}
