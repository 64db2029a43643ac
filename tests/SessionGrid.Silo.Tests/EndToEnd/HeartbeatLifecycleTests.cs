using SessionGrid.Grains.Sessions;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>The session life cycle seen from a real client over TCP, on a manual clock.</summary>
public sealed class HeartbeatLifecycleTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(_time);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Heartbeat_PlainOrDoubleEncoded_SessionIsLiveUnderIpColonPid(bool doubleEncoded)
    {
        await using var client = await _silo.ConnectAsync();

        for (var seq = 1; seq <= 3; seq++)
        {
            await client.SendHeartbeatAsync("10.0.0.5", "alive", pid: 4242, doubleEncoded: doubleEncoded, seq: seq, ack: true);
            Assert.Equal(seq, (await client.ReceiveTypeAsync("ack")).Seq);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var session = await _silo.GetSessionAsync("10.0.0.5:4242");
        Assert.NotNull(session);
        Assert.Equal("live", session.Status);
        Assert.Equal(3, session.Counters.HeartbeatsReceived);
        Assert.Equal("10.0.0.5", session.DeclaredIp);
        Assert.Equal(4242, session.Pid);
        Assert.Equal(client.LocalEndpoint, session.RemoteEndpoint);
        Assert.Equal("test-silo", session.OwnerSilo);
        Assert.True(session.Connected);
        Assert.True(session.Counters.BytesIn > 0);
    }

    [Fact]
    public async Task Silence_PastThresholdThenLeaveTimeout_GoesLeaveThenClosedAndKicksClient()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.9", pid: 9, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        _time.Advance(TimeSpan.FromSeconds(31));
        var leave = await client.ReceiveTypeAsync("state");
        Assert.Equal("leave", leave.Status);
        Assert.Equal("heartbeat-timeout", leave.Reason);

        _time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(2));
        var close = await client.ReceiveTypeAsync("close");
        Assert.Equal("leave-timeout", close.Reason);
        Assert.True(await client.WaitForServerCloseAsync());

        var session = await _silo.GetSessionAsync("10.0.0.9:9");
        Assert.NotNull(session);
        Assert.Equal("closed", session.Status);
        Assert.Equal("leave-timeout", session.StatusReason);
        Assert.Equal(client.LocalEndpoint, session.RemoteEndpoint);
        Assert.False(session.Connected);
        Assert.Equal(["live", "leave", "closed"], session.RecentTransitions.Select(t => t.To));
    }

    [Fact]
    public async Task Silence_JustUnderThreshold_StaysLive()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.9", pid: 10, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        _time.Advance(TimeSpan.FromSeconds(28));
        await client.SendHeartbeatAsync("10.0.0.9", pid: 10, seq: 2, ack: true);
        Assert.Equal(2, (await client.ReceiveTypeAsync("ack")).Seq);

        var session = await _silo.GetSessionAsync("10.0.0.9:10");
        Assert.Equal("live", session?.Status);
        Assert.Equal(2, session?.Counters.MissedIntervalsTotal);
    }

    [Fact]
    public async Task Reconnect_AfterConnectionDropped_ResumesSameIncarnationAsLive()
    {
        var first = await _silo.ConnectAsync();
        await first.SendHeartbeatAsync("10.0.0.7", pid: 7, seq: 1, ack: true);
        await first.ReceiveTypeAsync("ack");
        await first.DisposeAsync();
        await _silo.WaitForSessionAsync("10.0.0.7:7", s => s.Status == "leave");

        _time.Advance(TimeSpan.FromMinutes(5));
        await using var second = await _silo.ConnectAsync();
        await second.SendHeartbeatAsync("10.0.0.7", pid: 7, seq: 2, ack: true);
        await second.ReceiveTypeAsync("ack");

        var session = await _silo.GetSessionAsync("10.0.0.7:7");
        Assert.NotNull(session);
        Assert.Equal("live", session.Status);
        Assert.Equal("reconnected", session.StatusReason);
        Assert.Equal(1, session.Incarnation);
        Assert.Equal(1, session.Counters.Reconnects);
        Assert.Equal(1, session.Counters.Recoveries);
        Assert.Equal(second.LocalEndpoint, session.RemoteEndpoint);
    }

    [Fact]
    public async Task Reset_ClientSendsRst_SessionGoesToLeave()
    {
        var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.8", pid: 8, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        client.Reset();

        var session = await _silo.WaitForSessionAsync("10.0.0.8:8", s => s.Status == "leave");
        Assert.Equal("connection-lost", session.StatusReason);
        Assert.NotNull(session.CloseDeadline);
    }

    [Fact]
    public async Task Heartbeat_DeclaresLeave_ClientGetsStateFrame()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.4", "leave", pid: 4);

        var state = await client.ReceiveTypeAsync("state");

        Assert.Equal("leave", state.Status);
        Assert.Equal("client-leave", state.Reason);
    }

    [Fact]
    public async Task Recovery_ThreeOnTimeHeartbeatsAfterSilence_ClientGetsLiveState()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.3", pid: 3, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("leave", (await client.ReceiveTypeAsync("state")).Status);

        for (var seq = 2; seq <= 5; seq++)
        {
            await client.SendHeartbeatAsync("10.0.0.3", pid: 3, seq: seq, ack: true);
            await client.ReceiveTypeAsync("ack");
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        var live = await client.ReceiveTypeAsync("state");
        Assert.Equal("live", live.Status);
        Assert.Equal("recovered", live.Reason);
    }

    [Fact]
    public async Task Bye_ClosesSessionAndConnection()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHelloAsync("dev-bye");
        await client.ReceiveTypeAsync("welcome");

        await client.SendByeAsync("done");

        Assert.Equal("client-closed", (await client.ReceiveTypeAsync("close")).Reason);
        Assert.True(await client.WaitForServerCloseAsync());
        Assert.Equal("closed", (await _silo.GetSessionAsync("dev-bye"))?.Status);
    }

    [Fact]
    public async Task Heartbeat_DeclaresClose_ClosesWithClientClosed()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.2", "close", pid: 2);

        Assert.Equal("client-closed", (await client.ReceiveTypeAsync("close")).Reason);
        Assert.True(await client.WaitForServerCloseAsync());
    }

    [Fact]
    public async Task Kick_ByOperator_ClientGetsCloseKicked()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.1", pid: 1, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        Assert.True(await _silo.Grain("10.0.0.1:1").KickAsync(new KickRequest("test", null)));

        Assert.Equal("kicked", (await client.ReceiveTypeAsync("close")).Reason);
        Assert.True(await client.WaitForServerCloseAsync());
        Assert.False(await _silo.Grain("10.0.0.1:1").KickAsync(new KickRequest("test", null)));
    }

    [Fact]
    public async Task Connect_AfterClosed_StartsNewIncarnation()
    {
        await using (var first = await _silo.ConnectAsync())
        {
            await first.SendHeartbeatAsync("10.0.1.1", "close", pid: 11);
            await first.ReceiveTypeAsync("close");
        }

        await using var second = await _silo.ConnectAsync();
        await second.SendHeartbeatAsync("10.0.1.1", pid: 11, seq: 1, ack: true);
        await second.ReceiveTypeAsync("ack");

        var session = await _silo.GetSessionAsync("10.0.1.1:11");
        Assert.Equal("live", session?.Status);
        Assert.Equal(2, session?.Incarnation);
        Assert.Equal(1, session?.Counters.HeartbeatsReceived);
    }

    [Fact]
    public async Task SecondConnection_SameSession_FirstIsTakenOver()
    {
        await using var first = await _silo.ConnectAsync();
        await first.SendHelloAsync("dev-twice");
        await first.ReceiveTypeAsync("welcome");

        await using var second = await _silo.ConnectAsync();
        await second.SendHelloAsync("dev-twice");
        await second.ReceiveTypeAsync("welcome");

        Assert.Equal("taken-over", (await first.ReceiveTypeAsync("close")).Reason);
        Assert.True(await first.WaitForServerCloseAsync());
        var session = await _silo.GetSessionAsync("dev-twice");
        Assert.Equal(second.LocalEndpoint, session?.RemoteEndpoint);
        Assert.Equal("live", session?.Status);
    }

    [Fact]
    public async Task Hello_WithIdAndInterval_WelcomeCarriesSessionTimings()
    {
        await using var client = await _silo.ConnectAsync();

        await client.SendHelloAsync("device-42", intervalSeconds: 5);
        var welcome = await client.ReceiveTypeAsync("welcome");

        Assert.Equal("device-42", welcome.Session);
        Assert.Equal(5, welcome.Interval);
        Assert.Equal(15, welcome.LeaveAfter);
        Assert.Equal(1800, welcome.CloseAfter);
        await client.SendHeartbeatAsync("10.0.0.42", seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        Assert.Equal(1, (await _silo.GetSessionAsync("device-42"))?.Counters.HeartbeatsReceived);
    }

    [Fact]
    public async Task Heartbeat_WithoutIdOrPid_SessionIsRemoteEndpoint()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.77", seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        Assert.Equal("live", (await _silo.GetSessionAsync(client.LocalEndpoint))?.Status);
    }

    [Fact]
    public async Task Shutdown_ConnectedClient_GetsCloseShutdown()
    {
        var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.66", pid: 66, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        var stopping = _silo.DisposeAsync().AsTask();
        var close = await client.ReceiveTypeAsync("close");
        await stopping;
        _silo = await TestSilo.StartAsync(_time);

        Assert.Equal("shutdown", close.Reason);
        await client.DisposeAsync();
    }
}
