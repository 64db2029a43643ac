using SessionGrid.Grains.Sessions;
using SessionGrid.Client.Tests.Support;
using SessionGrid.TestKit.Network;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Client.Tests.EndToEnd;

/// <summary>
/// The network failures a real client meets, each provoked for real (a stopped silo, a RST, a refused
/// connect, a blackholed path), and the session resumed afterwards: same id, reconnect counted.
/// </summary>
public sealed class ReconnectTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private TcpFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync();
        _proxy = TcpFaultProxy.Start(_silo.Gateway);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task ConnectionReset_Reconnects_SameSessionAndReconnectCounted()
    {
        var options = ClientOptions.For(_proxy.EndPoint);
        await using var recorded = await RecordedClient.StartWelcomedAsync(options);
        var (client, events) = (recorded.Client, recorded.Events);
        await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.HeartbeatsReceived >= 1);

        Assert.Equal(1, _proxy.ResetAll());

        var disconnected = await events.WaitForAsync<DisconnectedEventArgs>();
        Assert.Equal(DisconnectKind.Reset, disconnected.Kind);
        var reconnected = await events.WaitForNthAsync<ConnectedEventArgs>(2);
        Assert.True(reconnected.IsReconnect);
        Assert.Equal(options.SessionId, reconnected.SessionId);
        var session = await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.Reconnects == 1 && s.Status == "live");
        Assert.Equal(1, session.Incarnation);
        Assert.Equal(1, client.GetStatistics().Reconnects);
        Assert.Equal(DisconnectKind.Reset, client.GetStatistics().LastFailureKind);
    }

    [Fact]
    public async Task ConnectRefused_RetriedWithBackoffUntilTheServerListens_SessionResumed()
    {
        var options = ClientOptions.For(_proxy.EndPoint);
        await using var recorded = await RecordedClient.StartWelcomedAsync(options);
        var (client, events) = (recorded.Client, recorded.Events);

        _proxy.SetMode(ProxyMode.Refuse);
        _proxy.ResetAll();
        var refused = await events.WaitForNthAsync<ReconnectingEventArgs>(2, r => r.LastFailureKind == DisconnectKind.Refused);
        Assert.Contains("refused", refused.LastFailure, StringComparison.Ordinal);
        Assert.Equal(0, client.GetStatistics().Reconnects);
        _proxy.SetMode(ProxyMode.Forward);

        var reconnected = await events.WaitForNthAsync<ConnectedEventArgs>(2);
        Assert.True(reconnected.Attempt >= 3, events.Describe());
        var session = await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.Reconnects == 1 && s.Status == "live");
        Assert.Equal(1, session.Incarnation);
        var delays = events.All<ReconnectingEventArgs>().Select(r => r.Delay).ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, options.Reconnect.MaxDelay));
    }

    [Fact]
    public async Task ConnectRefused_AtStart_RetriedUntilTheServerListens()
    {
        _proxy.SetMode(ProxyMode.Refuse);
        var options = ClientOptions.For(_proxy.EndPoint, configure: o => o.Reconnect.MaxAttempts = 1000);
        await using var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);
        await client.StartAsync();

        var refused = await events.WaitForAsync<ReconnectingEventArgs>();
        Assert.Equal((2, DisconnectKind.Refused), (refused.Attempt, refused.LastFailureKind));
        _proxy.SetMode(ProxyMode.Forward);

        var connected = await events.WaitForAsync<ConnectedEventArgs>();
        Assert.False(connected.IsReconnect);
        await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.HeartbeatsReceived >= 1);
    }

    [Fact]
    public async Task Blackhole_AcksRequested_AckTimeoutThenReconnect()
    {
        var options = ClientOptions.For(_proxy.EndPoint, configure: o =>
        {
            o.Hello = false;
            o.RequestAcks = true;
            o.AckTimeout = TimeSpan.FromMilliseconds(500);
        });
        await using var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);
        await client.StartAsync();
        await events.WaitForAsync<AckEventArgs>();

        _proxy.SetMode(ProxyMode.Blackhole);

        var disconnected = await events.WaitForAsync<DisconnectedEventArgs>();
        Assert.Equal(DisconnectKind.Timeout, disconnected.Kind);
        Assert.Contains("was not acknowledged within", disconnected.Message, StringComparison.Ordinal);
        var lastAckBefore = events.All<AckEventArgs>().Max(a => a.Seq);
        _proxy.SetMode(ProxyMode.Forward);
        var acked = await events.WaitForAsync<AckEventArgs>(a => a.Seq > lastAckBefore);
        Assert.NotNull(acked.RoundTrip);
        Assert.True(events.Count<ConnectedEventArgs>() >= 2);
        await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.Reconnects >= 1 && s.Status == "live");
    }

    [Fact]
    public async Task Blackhole_HelloNeverWelcomed_HandshakeTimeoutUntilAttemptCap()
    {
        _proxy.SetMode(ProxyMode.Blackhole);
        var options = ClientOptions.For(_proxy.EndPoint, configure: o =>
        {
            o.HandshakeTimeout = TimeSpan.FromMilliseconds(300);
            o.Reconnect.MaxAttempts = 2;
        });
        await using var client = new SessionGridClient(options);

        var stop = await client.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ClientStopReason.AttemptsExhausted, stop.Reason);
        Assert.Equal(DisconnectKind.Timeout, stop.LastFailureKind);
        Assert.Equal(2, stop.Attempts);
        Assert.Contains("no welcome within", stop.Message, StringComparison.Ordinal);
        Assert.Equal(2, _proxy.AcceptedConnections);
    }

    [Fact]
    public async Task Kicked_ClientStopsWithoutReconnecting()
    {
        var options = ClientOptions.For(_silo.Gateway);
        await using var recorded = await RecordedClient.StartWelcomedAsync(options);
        var (client, events) = (recorded.Client, recorded.Events);

        Assert.True(await _silo.Grain(options.SessionId!).KickAsync(new KickRequest("test", null)));

        var stop = await client.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ClientStopReason.ClosedByServer, stop.Reason);
        Assert.Equal("kicked", stop.ServerCloseReason);
        Assert.Contains("ReconnectAfterKick", stop.Message, StringComparison.Ordinal);
        var closed = Assert.Single(events.All<ServerClosedEventArgs>());
        Assert.Equal(("kicked", false), (closed.Reason, closed.WillReconnect));
        Assert.Same(stop, Assert.Single(events.All<GaveUpEventArgs>()).Info);
        Assert.Equal(1, client.GetStatistics().ConnectionAttempts);
        Assert.Equal(ClientState.Stopped, client.State);
        Assert.Equal("closed", (await _silo.GetSessionAsync(options.SessionId!))?.Status);
    }

    [Fact]
    public async Task Kicked_ReconnectAfterKick_ComesBackAsANewIncarnation()
    {
        var options = ClientOptions.For(_silo.Gateway, configure: o => o.Reconnect.ReconnectAfterKick = true);
        await using var recorded = await RecordedClient.StartWelcomedAsync(options);
        var (client, events) = (recorded.Client, recorded.Events);

        await _silo.Grain(options.SessionId!).KickAsync(new KickRequest("test", null));

        Assert.True((await events.WaitForAsync<ServerClosedEventArgs>()).WillReconnect);
        await events.WaitForNthAsync<WelcomeEventArgs>(2);
        var session = await _silo.WaitForSessionAsync(options.SessionId!, s => s.Status == "live");
        Assert.Equal(2, session.Incarnation);
    }

    [Fact]
    public async Task TakenOver_ByASecondClientWithTheSameId_FirstStopsSecondStays()
    {
        var options = ClientOptions.For(_silo.Gateway);
        await using var first = new SessionGridClient(options);
        await using var second = new SessionGridClient(options);
        var secondEvents = new ClientRecorder(second);
        await first.StartAsync();
        await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.HeartbeatsReceived >= 1);

        await second.StartAsync();

        var stop = await first.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ClientStopReason.ClosedByServer, stop.Reason);
        Assert.Equal("taken-over", stop.ServerCloseReason);
        await secondEvents.WaitForAsync<WelcomeEventArgs>();
        Assert.Equal(ClientState.Connected, second.State);
    }

    [Fact]
    public async Task ReconnectDisabled_FirstFailureEndsTheClient()
    {
        _proxy.SetMode(ProxyMode.Refuse);
        await using var client = new SessionGridClient(ClientOptions.For(_proxy.EndPoint, configure: o => o.Reconnect.Enabled = false));

        var stop = await client.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ClientStopReason.ReconnectDisabled, stop.Reason);
        Assert.Equal(DisconnectKind.Refused, stop.LastFailureKind);
        Assert.Contains("ReconnectOptions.Enabled is false", stop.Message, StringComparison.Ordinal);
    }
}
