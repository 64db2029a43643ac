using SessionGrid.Protocol;
using SessionGrid.TestKit;
using SessionGrid.Tool.LoadGen;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.LoadGen;

/// <summary>
/// Each misbehaviour mode provokes the server reaction it targets, asserted on the server's own
/// state (sessions through the API, gateway counters), then on what the load generator reported.
/// </summary>
public sealed class MisbehaviourTests(ToolSiloFixture fixture) : IClassFixture<ToolSiloFixture>
{
    [Fact]
    public async Task Silent_SessionGoesToLeaveAndClientDetectsIt()
    {
        var options = RunningLoad.Options(fixture.Silo.Gateway, "silent-", o => o.Silent = 1);
        await using var load = RunningLoad.Start(options);

        foreach (var id in new[] { "silent-0", "silent-1" })
        {
            var session = await fixture.Silo.WaitForSessionAsync(id, s => s.Status == "leave");
            Assert.Equal("heartbeat-timeout", session.StatusReason);
            Assert.True(session.Connected);
        }

        Assert.True(await Eventually.TrueAsync(() => load.Stats.Detected == 2));
        var summary = await load.StopAsync();
        Assert.Equal((2, 2), (summary.Detection.Silenced, summary.Detection.Detected));
        Assert.Equal(3000, summary.Detection.PolicyLeaveAfterMs);
        Assert.True(summary.Detection.P50Ms >= 3000, $"p50 {summary.Detection.P50Ms} ms is shorter than the policy");
        Assert.Equal(0, summary.FalseLeaves);
    }

    [Fact]
    public async Task Garbage_ServerCountsInvalidJsonAndCloses()
    {
        var before = fixture.Metrics.Violations(ProtocolErrorCode.InvalidJson);
        await using var load = RunningLoad.Start(RunningLoad.Options(fixture.Silo.Gateway, "garbage-", o => o.Garbage = 1));

        Assert.True(await Eventually.TrueAsync(() => fixture.Metrics.Violations(ProtocolErrorCode.InvalidJson) >= before + 2));
        var session = await fixture.Silo.WaitForSessionAsync("garbage-0", s => s.Status == "leave");
        Assert.Equal("protocol-violation", session.StatusReason);

        Assert.True(await Eventually.TrueAsync(() => load.Stats.ConnectionsOpen == 0));
        var summary = await load.StopAsync();
        Assert.Equal(2, summary.ServerErrorCodes["invalid-json"]);
        Assert.Equal(2, summary.Errors["closedByServer"]);
    }

    [Fact]
    public async Task Oversized_ServerCountsFrameTooLarge()
    {
        var before = fixture.Metrics.Violations(ProtocolErrorCode.FrameTooLarge);
        await using var load = RunningLoad.Start(RunningLoad.Options(fixture.Silo.Gateway, "oversized-", o => o.Oversized = 1));

        Assert.True(await Eventually.TrueAsync(() => fixture.Metrics.Violations(ProtocolErrorCode.FrameTooLarge) >= before + 2));
        Assert.True(await Eventually.TrueAsync(() => load.Stats.ServerErrorCodes.GetValueOrDefault("frame-too-large") == 2));
        var summary = await load.StopAsync();
        Assert.Equal(2, summary.ServerErrorCodes["frame-too-large"]);
    }

    [Fact]
    public async Task Reset_SessionGoesToLeaveWithConnectionLost()
    {
        await using var load = RunningLoad.Start(RunningLoad.Options(fixture.Silo.Gateway, "reset-", o => o.Reset = 1));

        foreach (var id in new[] { "reset-0", "reset-1" })
        {
            var session = await fixture.Silo.WaitForSessionAsync(id, s => s.Status == "leave");
            Assert.Equal("connection-lost", session.StatusReason);
            Assert.False(session.Connected);
        }

        var summary = await load.StopAsync();
        Assert.Equal(0, summary.Connections.OpenAtEnd);
        Assert.Equal(0, summary.Errors.Values.Sum());
    }

    [Fact]
    public async Task Slowloris_ServerClosesWithFrameTimeout()
    {
        var before = fixture.Metrics.Violations(ProtocolErrorCode.FrameTimeout);

        // Bytes arrive faster than the 1 s frame timeout, so only a deadline on the whole frame can close it.
        var options = RunningLoad.Options(fixture.Silo.Gateway, "slowloris-", o =>
        {
            o.Slowloris = 1;
            o.SlowlorisByteInterval = TimeSpan.FromMilliseconds(300);
        });
        await using var load = RunningLoad.Start(options);

        Assert.True(await Eventually.TrueAsync(() => fixture.Metrics.Violations(ProtocolErrorCode.FrameTimeout) >= before + 2));
        Assert.True(await Eventually.TrueAsync(() => load.Stats.ServerErrorCodes.GetValueOrDefault("frame-timeout") == 2));
        var session = await fixture.Silo.WaitForSessionAsync("slowloris-0", s => s.Status == "leave");
        Assert.Equal("protocol-violation", session.StatusReason);
        var summary = await load.StopAsync();
        Assert.Equal(2, summary.Errors["closedByServer"]);
    }

    [Fact]
    public async Task Flapping_ReconnectCounterGoesUp()
    {
        await using var load = RunningLoad.Start(RunningLoad.Options(fixture.Silo.Gateway, "flapping-", o => o.Flapping = 1));

        var session = await fixture.Silo.WaitForSessionAsync("flapping-0", s => s.Counters.Reconnects >= 2);
        Assert.Equal(1, session.Incarnation);
        Assert.True(await Eventually.TrueAsync(() => load.Stats.Reconnects >= 4));
        var summary = await load.StopAsync();
        Assert.True(summary.Reconnects >= 4, $"reconnects {summary.Reconnects}");

        // Every reconnect that came back got a welcome, and its resume time is reported.
        Assert.InRange(summary.Resume.Resumed, summary.Reconnects - 2, summary.Reconnects);
        Assert.NotNull(summary.Resume.P50Ms);
        Assert.True(summary.Resume.P50Ms <= summary.Resume.P99Ms && summary.Resume.P99Ms <= summary.Resume.MaxMs);
        Assert.Equal(2, summary.Connections.Up);
        Assert.Equal(0, summary.Errors.Values.Sum());
    }
}
