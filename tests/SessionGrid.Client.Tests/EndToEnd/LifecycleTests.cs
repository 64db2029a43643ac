using SessionGrid.Client.Tests.Support;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Network;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Client.Tests.EndToEnd;

/// <summary>Start, stop, dispose and cancellation: a client ends promptly, says bye, and runs once.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task DisposeAsync_Connected_SendsByeAndServerSeesClientClosed()
    {
        var options = ClientOptions.For(_silo.Gateway);
        var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);
        await client.StartAsync();
        await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.HeartbeatsReceived >= 1);

        await client.DisposeAsync();

        // closed by client-closed, not leave by connection-lost: the bye arrived before the socket closed.
        var session = await _silo.WaitForSessionAsync(options.SessionId!, s => s.Status != "live");
        Assert.Equal(("closed", "client-closed"), (session.Status, session.StatusReason));
        var stop = await client.Completion;
        Assert.Equal(ClientStopReason.Stopped, stop.Reason);
        Assert.Equal(ClientState.Stopped, client.State);
        Assert.Equal(DisconnectKind.Stopped, events.All<DisconnectedEventArgs>().Single().Kind);
        Assert.Empty(events.All<GaveUpEventArgs>());
    }

    [Fact]
    public async Task DisposeAsync_Twice_IdempotentAndLaterStartRejected()
    {
        var client = new SessionGridClient(ClientOptions.For(_silo.Gateway));
        await client.StartAsync();

        var first = client.DisposeAsync().AsTask();
        var second = client.DisposeAsync().AsTask();
        await Task.WhenAll(first, second).WaitAsync(HangGuard);
        await client.DisposeAsync();
        await client.StopAsync();

        Assert.Same(first, second);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.StartAsync());
        Assert.Equal(ClientStopReason.Stopped, (await client.Completion).Reason);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsStoppedAfterBye()
    {
        var options = ClientOptions.For(_silo.Gateway);
        await using var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);
        using var cts = new CancellationTokenSource();
        var run = client.RunAsync(cts.Token);
        await events.WaitForAsync<WelcomeEventArgs>();

        await cts.CancelAsync();
        var stop = await run.WaitAsync(HangGuard);

        Assert.Equal(ClientStopReason.Stopped, stop.Reason);
        Assert.Equal(ClientState.Stopped, client.State);
        var session = await _silo.WaitForSessionAsync(options.SessionId!, s => s.Status != "live");
        Assert.Equal(("closed", "client-closed"), (session.Status, session.StatusReason));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringAnHourLongBackoff_ReturnsAtOnce()
    {
        await using var proxy = TcpFaultProxy.Start(_silo.Gateway);
        proxy.SetMode(ProxyMode.Refuse);
        await using var client = new SessionGridClient(ClientOptions.For(proxy.EndPoint, configure: o =>
        {
            o.Reconnect.InitialDelay = TimeSpan.FromHours(1);
            o.Reconnect.MaxDelay = TimeSpan.FromHours(1);
        }));
        var events = new ClientRecorder(client);
        using var cts = new CancellationTokenSource();
        var run = client.RunAsync(cts.Token);
        var waiting = await events.WaitForAsync<ReconnectingEventArgs>();
        Assert.True(waiting.Delay >= TimeSpan.FromMinutes(45));

        await cts.CancelAsync();
        var stop = await run.WaitAsync(HangGuard);

        Assert.Equal(ClientStopReason.Stopped, stop.Reason);
        Assert.Equal(DisconnectKind.Refused, stop.LastFailureKind);
        Assert.Equal(1, client.GetStatistics().ConnectionAttempts);
    }

    [Fact]
    public async Task StopAsync_CancelledToken_DoesNotWaitForTheByeAnswer()
    {
        await using var proxy = TcpFaultProxy.Start(_silo.Gateway);
        await using var client = new SessionGridClient(ClientOptions.For(proxy.EndPoint, configure: o =>
        {
            o.Hello = false;
            o.ByeTimeout = TimeSpan.FromHours(1);
        }));
        var events = new ClientRecorder(client);
        await client.StartAsync();
        await events.WaitForAsync<ConnectedEventArgs>();
        proxy.SetMode(ProxyMode.Blackhole);

        var stopping = client.StopAsync(new CancellationToken(canceled: true));
        await stopping.WaitAsync(HangGuard);

        Assert.Equal(ClientState.Stopped, client.State);
        Assert.Equal(ClientStopReason.Stopped, (await client.Completion).Reason);
    }

    [Fact]
    public async Task StopAsync_BeforeStart_CompletesAndStartIsRejected()
    {
        var client = new SessionGridClient(ClientOptions.For(_silo.Gateway));

        await client.StopAsync();

        Assert.Equal(ClientStopReason.Stopped, (await client.Completion).Reason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartAsync());
        await client.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_Twice_RejectedWithAClearMessage()
    {
        await using var client = new SessionGridClient(ClientOptions.For(_silo.Gateway));
        await client.StartAsync();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.RunAsync());

        Assert.Contains("a client runs once", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_CancelledToken_ThrowsAndStartsNothing()
    {
        await using var client = new SessionGridClient(ClientOptions.For(_silo.Gateway));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.StartAsync(new CancellationToken(canceled: true)));

        Assert.Equal(ClientState.Created, client.State);
    }

    [Fact]
    public async Task EventHandler_Throws_ClientCarriesOnAndCountsIt()
    {
        var options = ClientOptions.For(_silo.Gateway, configure: o => o.RequestAcks = true);
        await using var client = new SessionGridClient(options);
        var boom = new InvalidOperationException("handler bug");
        client.Connected += (_, _) => throw boom;
        var events = new ClientRecorder(client);

        await client.StartAsync();

        await events.WaitForNthAsync<AckEventArgs>(2);
        var stats = client.GetStatistics();
        Assert.Equal(1, stats.HandlerFailures);
        Assert.Same(boom, stats.LastHandlerException);
        Assert.True(stats.IsConnected);
        Assert.Single(events.All<ConnectedEventArgs>());
    }

    [Fact]
    public async Task Backoff_OnAnInjectedClock_WaitsUntilThatClockMoves()
    {
        var time = new ManualTimeProvider();
        await using var proxy = TcpFaultProxy.Start(_silo.Gateway);
        proxy.SetMode(ProxyMode.Refuse);
        await using var client = new SessionGridClient(ClientOptions.For(proxy.EndPoint, configure: o =>
        {
            o.TimeProvider = time;
            o.Reconnect.InitialDelay = TimeSpan.FromMinutes(10);
            o.Reconnect.MaxDelay = TimeSpan.FromMinutes(10);
            o.Reconnect.Jitter = 0;
        }));
        var events = new ClientRecorder(client);
        await client.StartAsync();

        var waiting = await events.WaitForAsync<ReconnectingEventArgs>();
        Assert.Equal(TimeSpan.FromMinutes(10), waiting.Delay);
        Assert.True(await Eventually.TrueAsync(() => time.ActiveTimerCount == 1));
        Assert.Equal(1, client.GetStatistics().ConnectionAttempts);

        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(3, (await events.WaitForNthAsync<ReconnectingEventArgs>(2)).Attempt);
        Assert.Equal(2, client.GetStatistics().ConnectionAttempts);
    }
}
