using SessionGrid.TestKit;
using SessionGrid.Tool.LoadGen;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.LoadGen;

/// <summary>
/// Healthy clients on a silo of their own (its gateway counters see only this class): no false
/// leaves, and the load generator's counts agree with the server's.
/// </summary>
public sealed class HealthyFleetTests(ToolSiloFixture fixture) : IClassFixture<ToolSiloFixture>
{
    [Fact]
    public async Task HealthyRun_NoFalseLeavesAndHeartbeatsMatchServer()
    {
        var heartbeatsBefore = fixture.Metrics.Heartbeats;
        var options = RunningLoad.Options(fixture.Silo.Gateway, "healthy-", o =>
        {
            o.Clients = 20;
            o.Duration = 3;
        });

        // The run ends by itself after its duration; healthy clients say bye.
        var summary = await new LoadGenerator(options).RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, summary.FalseLeaves);
        Assert.Equal((20L, 0L, 20L), (summary.Connections.Up, summary.Connections.Failed, summary.Connections.OpenAtEnd));
        Assert.Equal(20, summary.ServerFrames["welcome"]);
        Assert.Equal(0, summary.ServerFrames["state"]);
        Assert.Equal(0, summary.Errors.Values.Sum());
        Assert.True(summary.HeartbeatsSent >= 20, $"only {summary.HeartbeatsSent} heartbeats");
        Assert.True(await Eventually.TrueAsync(() => fixture.Metrics.Heartbeats - heartbeatsBefore == summary.HeartbeatsSent),
            $"server counted {fixture.Metrics.Heartbeats - heartbeatsBefore}, loadgen sent {summary.HeartbeatsSent}");
        for (var i = 0; i < 20; i++)
        {
            var session = await fixture.Silo.WaitForSessionAsync($"healthy-{i}", s => s.Status == "closed");
            Assert.Equal("client-closed", session.StatusReason);
            Assert.Equal(0, session.Counters.Leaves);
        }
    }

    [Fact]
    public async Task DoubleEncodedWithoutHello_ServerAcceptsEveryHeartbeat()
    {
        var heartbeatsBefore = fixture.Metrics.Heartbeats;
        var options = RunningLoad.Options(fixture.Silo.Gateway, "double-", o =>
        {
            o.Encoding = HeartbeatEncoding.Double;
            o.NoHello = true;
        });
        await using var load = RunningLoad.Start(options);

        var session = await fixture.Silo.WaitForSessionAsync("double-1", s => s.Counters.HeartbeatsReceived >= 3);
        Assert.Equal("live", session.Status);
        var summary = await load.StopAsync();

        Assert.True(await Eventually.TrueAsync(() => fixture.Metrics.Heartbeats - heartbeatsBefore == summary.HeartbeatsSent));
        Assert.Empty(fixture.Metrics.ViolationsByCode());
        Assert.Equal(0, summary.ServerFrames["welcome"]);
        Assert.Null(summary.Detection.PolicyLeaveAfterMs);
    }
}
