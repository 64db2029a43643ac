using SessionGrid.Client.Tests.Support;

namespace SessionGrid.Client.Tests.EndToEnd;

/// <summary>Server behaviour scripted byte by byte: frames a real silo sends rarely or never.</summary>
public sealed class ServerFrameTests : IAsyncLifetime
{
    private readonly ScriptedServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SessionGridClient Create(Action<SessionGridClientOptions>? configure = null)
        => new(ClientOptions.For(_server.EndPoint, "scripted-1", o =>
        {
            o.Hello = false;
            configure?.Invoke(o);
        }));

    [Fact]
    public async Task Frames_HeartbeatBodyAsTheProtocolSays()
    {
        await using var client = Create(o =>
        {
            o.Hello = true;
            o.Token = "t0k3n";
            o.Pid = 4242;
            o.DeclaredIp = "10.1.2.3";
            o.RequestAcks = true;
        });
        await client.StartAsync();
        var peer = await _server.AcceptAsync();

        var hello = await peer.ReceiveAsync();
        await peer.SendAsync("""{"type":"welcome","session":"scripted-1","interval":1,"leaveAfter":3,"closeAfter":60}""");
        var heartbeat = await peer.ReceiveAsync();

        Assert.Equal("""{"type":"hello","id":"scripted-1","token":"t0k3n","interval":1}""", hello);
        Assert.StartsWith("""{"ip":"10.1.2.3","status":"alive","pid":4242,"id":"scripted-1","seq":1,"ts":""", heartbeat);
        Assert.EndsWith(""","ack":true}""", heartbeat);
    }

    [Fact]
    public async Task StateAndUnknownFrames_StateRaisedUnknownIgnored()
    {
        await using var client = Create();
        var events = new ClientRecorder(client);
        await client.StartAsync();
        var peer = await _server.AcceptAsync();
        await peer.ReceiveAsync();

        await peer.SendAsync("""{"type":"from-the-future","x":1}""");
        await peer.SendAsync("""{"type":"state","status":"leave","reason":"heartbeat-timeout"}""");

        var state = await events.WaitForAsync<StateChangedEventArgs>();
        Assert.Equal(("leave", "heartbeat-timeout"), (state.Status, state.Reason));
        var stats = client.GetStatistics();
        Assert.Equal(1, stats.UnknownFramesReceived);
        Assert.True(stats.IsConnected);
    }

    [Fact]
    public async Task Hello_StateFrameBeforeAnyWelcome_HandshakeTimeoutStillFires()
    {
        // A state (or ack) proves the link but starts no heartbeats: those wait for the welcome.
        await using var client = Create(o =>
        {
            o.Hello = true;
            o.HandshakeTimeout = TimeSpan.FromMilliseconds(300);
            o.Reconnect.Enabled = false;
        });
        await client.StartAsync();
        var peer = await _server.AcceptAsync();
        Assert.Contains("\"hello\"", await peer.ReceiveAsync(), StringComparison.Ordinal);

        await peer.SendAsync("""{"type":"state","status":"live","reason":"reconnected"}""");

        var stopped = await client.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DisconnectKind.Timeout, stopped.LastFailureKind);
    }

    [Fact]
    public async Task ErrorFrame_RaisedThenProtocolDisconnectAndReconnect()
    {
        await using var client = Create();
        var events = new ClientRecorder(client);
        await client.StartAsync();
        var first = await _server.AcceptAsync();
        await first.ReceiveAsync();

        await first.SendAsync("""{"type":"error","code":"server-error","message":"reconnect later"}""");

        var error = await events.WaitForAsync<ServerErrorEventArgs>();
        Assert.Equal(("server-error", "reconnect later"), (error.Code, error.Message));
        var disconnected = await events.WaitForAsync<DisconnectedEventArgs>();
        Assert.Equal(DisconnectKind.Protocol, disconnected.Kind);
        Assert.Contains("server-error: reconnect later", disconnected.Message, StringComparison.Ordinal);
        var second = await _server.AcceptAsync();
        Assert.NotNull(await second.ReceiveAsync());
        Assert.True((await events.WaitForNthAsync<ConnectedEventArgs>(2)).IsReconnect);
    }

    [Fact]
    public async Task OversizedFrameHeader_ProtocolFailure()
    {
        await using var client = Create(o => o.Reconnect.MaxAttempts = 1);
        await client.StartAsync();
        var peer = await _server.AcceptAsync();
        await peer.ReceiveAsync();

        await peer.SendRawAsync([0x7F, 0xFF, 0xFF, 0xFF]);

        var stop = await client.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ClientStopReason.AttemptsExhausted, stop.Reason);
        Assert.Equal(DisconnectKind.Protocol, stop.LastFailureKind);
        Assert.Contains("declaring 2147483647 bytes", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndecodableFrame_ProtocolFailure()
    {
        await using var client = Create(o => o.Reconnect.MaxAttempts = 1);
        await client.StartAsync();
        var peer = await _server.AcceptAsync();
        await peer.ReceiveAsync();

        await peer.SendAsync("[1,2,3]");

        var stop = await client.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DisconnectKind.Protocol, stop.LastFailureKind);
        Assert.Contains("not a valid server message", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainCloseWithoutCloseFrame_ClosedByServerAndReconnect()
    {
        await using var client = Create();
        var events = new ClientRecorder(client);
        await client.StartAsync();
        var first = await _server.AcceptAsync();
        await first.ReceiveAsync();

        first.Close();

        var disconnected = await events.WaitForAsync<DisconnectedEventArgs>();
        Assert.Equal(DisconnectKind.ClosedByServer, disconnected.Kind);
        Assert.Contains("without a close frame", disconnected.Message, StringComparison.Ordinal);
        var second = await _server.AcceptAsync();
        Assert.NotNull(await second.ReceiveAsync());
    }

    [Fact]
    public async Task Welcome_ShorterServerInterval_ClientFollowsIt()
    {
        await using var client = Create(o =>
        {
            o.Hello = true;
            o.Interval = TimeSpan.FromSeconds(30);
        });
        var events = new ClientRecorder(client);
        await client.StartAsync();
        var peer = await _server.AcceptAsync();
        Assert.Contains("\"interval\":30", await peer.ReceiveAsync(), StringComparison.Ordinal);

        await peer.SendAsync("""{"type":"welcome","session":"scripted-1","interval":1,"leaveAfter":3,"closeAfter":60}""");

        await events.WaitForAsync<WelcomeEventArgs>();
        Assert.Equal(TimeSpan.FromSeconds(1), client.GetStatistics().CurrentInterval);
        Assert.Contains("\"seq\":1,", await peer.ReceiveAsync(), StringComparison.Ordinal);
        Assert.Contains("\"seq\":2,", await peer.ReceiveAsync(), StringComparison.Ordinal);
    }
}
