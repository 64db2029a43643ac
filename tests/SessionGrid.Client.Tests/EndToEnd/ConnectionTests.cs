using SessionGrid.Client.Tests.Support;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Client.Tests.EndToEnd;

/// <summary>A client against a real silo on the real clock: hello, heartbeats, acks, server frames.</summary>
public sealed class ConnectionTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Start_WithHello_WelcomedAndHeartbeatsCounted()
    {
        var options = ClientOptions.For(_silo.Gateway);
        await using var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);

        await client.StartAsync();

        var welcome = await events.WaitForAsync<WelcomeEventArgs>();
        Assert.Equal(options.SessionId, welcome.Session);
        Assert.Equal(1, welcome.IntervalSeconds);
        var session = await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.HeartbeatsReceived >= 2);
        Assert.Equal("live", session.Status);
        Assert.Equal(Environment.ProcessId, session.Pid);
        Assert.Equal("127.0.0.1", session.DeclaredIp);
        Assert.Equal(1.0, session.IntervalSeconds);
        var stats = client.GetStatistics();
        Assert.True(stats.IsConnected);
        Assert.Equal(1, stats.Connections);
        Assert.Equal(0, stats.Reconnects);
        Assert.Equal(1, stats.WelcomesReceived);
        Assert.True(stats.HeartbeatsSent >= 2);
    }

    [Fact]
    public async Task Start_NoSessionIdNoHello_IdIsDeclaredIpColonPid()
    {
        var pid = Random.Shared.NextInt64(1_000_000, 9_000_000);
        var options = ClientOptions.For(_silo.Gateway, configure: o =>
        {
            o.SessionId = null;
            o.Pid = pid;
            o.Hello = false;
        });
        await using var client = new SessionGridClient(options);
        Assert.Null(client.SessionId);
        var events = new ClientRecorder(client);

        await client.StartAsync();

        var connected = await events.WaitForAsync<ConnectedEventArgs>();
        Assert.Equal($"127.0.0.1:{pid}", connected.SessionId);
        Assert.Equal($"127.0.0.1:{pid}", client.SessionId);
        var session = await _silo.WaitForSessionAsync($"127.0.0.1:{pid}", s => s.Counters.HeartbeatsReceived >= 1);
        Assert.Equal(pid, session.Pid);
    }

    [Fact]
    public async Task Start_DeclaredIpWithoutSessionId_IdKnownBeforeConnecting()
    {
        await using var client = new SessionGridClient(ClientOptions.For(_silo.Gateway, configure: o =>
        {
            o.SessionId = null;
            o.DeclaredIp = "10.20.30.40";
            o.Pid = 77;
        }));

        Assert.Equal("10.20.30.40:77", client.SessionId);
        await client.StartAsync();
        var session = await _silo.WaitForSessionAsync("10.20.30.40:77", s => s.Counters.HeartbeatsReceived >= 1);

        Assert.Equal("10.20.30.40", session.DeclaredIp);
    }

    [Fact]
    public async Task RequestAcks_EveryHeartbeatAcknowledged()
    {
        await using var client = new SessionGridClient(ClientOptions.For(_silo.Gateway, configure: o => o.RequestAcks = true));
        var events = new ClientRecorder(client);

        await client.StartAsync();

        var second = await events.WaitForNthAsync<AckEventArgs>(2);
        Assert.NotNull(second.RoundTrip);
        var acks = events.All<AckEventArgs>().Select(a => a.Seq).ToList();
        Assert.Equal(acks.Order(), acks);
        Assert.True(client.GetStatistics().AcksReceived >= 2);
    }

    [Fact]
    public async Task DoubleEncoded_HeartbeatsAcceptedAsPlainOnes()
    {
        var options = ClientOptions.For(_silo.Gateway, configure: o =>
        {
            o.DoubleEncoded = true;
            o.RequestAcks = true;
        });
        await using var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);

        await client.StartAsync();

        await events.WaitForNthAsync<AckEventArgs>(2);
        var session = await _silo.GetSessionAsync(options.SessionId!);
        Assert.Equal(0, session?.Counters.ProtocolViolations);
        Assert.True(session?.Counters.HeartbeatsReceived >= 2);
    }

    [Fact]
    public async Task ServerStateFrame_SessionLeavesOnSilence_StateChangedRaised()
    {
        // A server that expects a beat every 500 ms and takes one missed beat as leave, and a client
        // that beats every 2 s without hello (so it does not adopt the server's interval).
        await using var strict = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["HeartbeatPolicy:Interval"] = "00:00:00.500",
            ["HeartbeatPolicy:MissThreshold"] = "1",
            ["HeartbeatPolicy:AcceptClientInterval"] = "false",
            ["Timers:Resolution"] = "00:00:00.050",
        });
        var options = ClientOptions.For(strict.Gateway, configure: o =>
        {
            o.Hello = false;
            o.Interval = TimeSpan.FromSeconds(2);
            o.IntervalJitter = 0;
        });
        await using var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);

        await client.StartAsync();

        var state = await events.WaitForAsync<StateChangedEventArgs>();
        Assert.Equal(("leave", "heartbeat-timeout"), (state.Status, state.Reason));
        Assert.Equal(1, client.GetStatistics().StatesReceived);
        Assert.True(client.GetStatistics().IsConnected);
    }

    [Fact]
    public async Task Host_Localhost_ResolvedAndConnected()
    {
        var options = ClientOptions.For("localhost", _silo.Gateway.Port);
        await using var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);

        await client.StartAsync();

        var connected = await events.WaitForAsync<ConnectedEventArgs>();
        Assert.Equal(_silo.Gateway.Port, connected.RemoteEndPoint.Port);
        await _silo.WaitForSessionAsync(options.SessionId!, s => s.Counters.HeartbeatsReceived >= 1);
    }
}
