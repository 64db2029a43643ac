using SessionGrid.Cluster.Tests.Support;
using SessionGrid.Grains.Sessions;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Cluster;

namespace SessionGrid.Cluster.Tests.Resume;

/// <summary>A client that comes back through another silo resumes its session there.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrossSiloResumeTests(TwoSiloClusterFixture fixture) : IClassFixture<TwoSiloClusterFixture>
{
    private SiloCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Reconnect_ThroughOtherSilo_OldConnectionTakenOverAndSessionMovesWithItsCounters()
    {
        const string id = "cross-resume-1";
        await using var first = await Cluster[0].ConnectAsync();
        for (var seq = 1; seq <= 3; seq++)
        {
            await first.SendHeartbeatAsync("10.2.0.1", id: id, seq: seq, ack: true);
            await first.ReceiveTypeAsync("ack");
        }

        var before = await Cluster[0].GetSessionAsync(id);
        Assert.NotNull(before);
        Assert.StartsWith("silo-0/", before.OwnerSilo, StringComparison.Ordinal);

        await using var second = await Cluster[1].ConnectAsync();
        await second.SendHeartbeatAsync("10.2.0.1", id: id, seq: 4, ack: true);
        Assert.Equal(4, (await second.ReceiveTypeAsync("ack")).Seq);
        Assert.Equal("taken-over", (await first.ReceiveTypeAsync("close")).Reason);

        // Exactly one activation cluster-wide, on the new connection's silo (Orleans' management grain).
        await ClusterApi.WaitForPlacementAsync(Cluster, id, Cluster[1]);

        await second.SendHeartbeatAsync("10.2.0.1", id: id, seq: 5, ack: true);
        Assert.Equal(5, (await second.ReceiveTypeAsync("ack")).Seq);
        var after = await Cluster[1].WaitForSessionAsync(id, s => s.OwnerSilo?.StartsWith("silo-1/", StringComparison.Ordinal) == true);
        Assert.Equal("live", after.Status);
        Assert.True(after.Connected);
        Assert.Equal(before.Incarnation, after.Incarnation);
        Assert.Equal(5, after.Counters.HeartbeatsReceived);
        Assert.Equal(before.Counters.Reconnects + 1, after.Counters.Reconnects);
        Assert.Equal(0, after.Counters.Leaves);
        Assert.Equal(before.RecentTransitions.Select(t => (t.Time, t.To, t.Reason)), after.RecentTransitions.Take(before.RecentTransitions.Length).Select(t => (t.Time, t.To, t.Reason)));
        Assert.DoesNotContain(after.RecentTransitions, t => t.To == "leave");
    }

    [Fact]
    public async Task TwoClients_OneIdOnTwoSilosAtOnce_SettleOnTheNewestConnection()
    {
        const string id = "cross-fight-1";
        await using var onFirst = await Cluster[0].ConnectAsync();
        await using var onSecond = await Cluster[1].ConnectAsync();

        // Both present themselves at the same moment: whichever attaches last must win, the other is closed.
        await Task.WhenAll(
            onFirst.SendHeartbeatAsync("10.2.0.2", id: id, seq: 1),
            onSecond.SendHeartbeatAsync("10.2.0.2", id: id, seq: 1));

        // Once both attaches have run (the second counts as a reconnect), the session names its connection.
        var settled = await Cluster[0].WaitForSessionAsync(id, s => s.Counters.Reconnects == 1);
        var firstWon = settled.RemoteEndpoint == onFirst.LocalEndpoint;
        Assert.True(firstWon || settled.RemoteEndpoint == onSecond.LocalEndpoint, $"The session holds {settled.RemoteEndpoint}, neither client.");
        var (winner, loser, silo) = firstWon ? (onFirst, onSecond, "silo-0") : (onSecond, onFirst, "silo-1");
        Assert.Equal("taken-over", (await loser.ReceiveTypeAsync("close")).Reason);
        Assert.True(await loser.WaitForServerCloseAsync());

        // The winner keeps its session, now on its own silo, and nothing flaps back.
        for (var seq = 2; seq <= 4; seq++)
        {
            await winner.SendHeartbeatAsync("10.2.0.2", id: id, seq: seq, ack: true);
            Assert.Equal(seq, (await winner.ReceiveTypeAsync("ack")).Seq);
        }

        var session = await Cluster[0].WaitForSessionAsync(id, s => s.OwnerSilo?.StartsWith(silo + "/", StringComparison.Ordinal) == true);
        Assert.True(session.Connected);
        Assert.Equal(1, session.Counters.Reconnects);
        Assert.Equal("live", session.Status);
        await ClusterApi.WaitForPlacementAsync(Cluster, id, firstWon ? Cluster[0] : Cluster[1]);
    }
}
