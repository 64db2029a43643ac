using SessionGrid.Cluster.Tests.Support;
using SessionGrid.TestKit.Cluster;

namespace SessionGrid.Cluster.Tests.Failover;

/// <summary>A rolling upgrade stops a silo with SIGTERM: its clients move to another silo and resume.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private SiloCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SiloCluster.StartAsync(2, ClusterSettings.ShortSessions);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Terminate_ClientsGetShutdownAndResumeElsewhereWithoutLeave()
    {
        var (stopping, staying) = (_cluster[0], _cluster[1]);
        await using var client = await stopping.ConnectAsync();
        for (var seq = 1; seq <= 3; seq++)
        {
            await client.SendHeartbeatAsync("10.5.0.1", id: "rolling-1", seq: seq, ack: true);
            await client.ReceiveTypeAsync("ack");
        }

        var terminated = stopping.TerminateAsync();
        Assert.Equal("shutdown", (await client.ReceiveTypeAsync("close")).Reason);

        // Back through the other silo within the miss window.
        await using var back = await staying.ConnectAsync();
        await back.SendHeartbeatAsync("10.5.0.1", id: "rolling-1", seq: 4, ack: true);
        Assert.Equal(4, (await back.ReceiveTypeAsync("ack")).Seq);
        await terminated;

        await using (new HeartbeatLoop(back, "10.5.0.1", "rolling-1", 5))
        {
            var session = await staying.WaitForSessionAsync("rolling-1", s => s.OwnerSilo?.StartsWith("silo-1/", StringComparison.Ordinal) == true && s.Counters.HeartbeatsReceived >= 5);
            Assert.Equal("live", session.Status);
            Assert.True(session.Connected);
            Assert.Equal(1, session.Counters.Reconnects);
            Assert.Equal(0, session.Counters.Leaves);
            Assert.DoesNotContain(session.RecentTransitions, t => t.To == "leave");
        }
    }

    [Fact]
    public async Task Terminate_ClientNotBack_StateWrittenThenLeaveWithSiloLost()
    {
        var (stopping, staying) = (_cluster[0], _cluster[1]);
        await using var client = await stopping.ConnectAsync();
        for (var seq = 1; seq <= 3; seq++)
        {
            await client.SendHeartbeatAsync("10.5.0.2", id: "rolling-2", seq: seq, ack: true);
            await client.ReceiveTypeAsync("ack");
        }

        await stopping.TerminateAsync();
        Assert.Equal("shutdown", (await client.ReceiveTypeAsync("close")).Reason);

        var lost = await staying.WaitForSessionAsync("rolling-2", s => s.Status != "live");
        Assert.Equal("leave", lost.Status);
        Assert.Equal("silo-lost", lost.StatusReason);
        Assert.Equal(3, lost.Counters.HeartbeatsReceived);
    }
}
