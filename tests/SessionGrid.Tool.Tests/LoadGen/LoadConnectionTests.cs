using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SessionGrid.Protocol;
using SessionGrid.TestKit;
using SessionGrid.Tool.LoadGen;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.LoadGen;

/// <summary>The socket layer of the load generator against a bare listener: connects, failures, RST vs FIN, frame decoding.</summary>
public sealed class LoadConnectionTests
{
    private readonly LoadStats _stats = new();
    private readonly List<ServerMessage> _messages = [];

    [Fact]
    public async Task Abort_WithReset_PeerSeesConnectionReset()
    {
        using var gateway = new FakeGateway();
        var connection = await OpenAsync(gateway.Endpoint);
        using var peer = await gateway.AcceptAsync();

        connection!.Abort(reset: true);

        Assert.Equal(SocketError.ConnectionReset, await peer.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task Abort_WithoutReset_PeerSeesFinEvenWithAReceivePending()
    {
        // Disposing a socket whose receive is pending resets it on Linux; silent and slowloris
        // clients leave this way at the end of a run and must not look like the reset mode.
        using var gateway = new FakeGateway();
        var connection = await OpenAsync(gateway.Endpoint);
        using var peer = await gateway.AcceptAsync();

        connection!.Abort(reset: false);

        Assert.Equal(SocketError.Success, await peer.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task CloseGracefully_PeerSeesFinAndNoErrorIsCounted()
    {
        using var gateway = new FakeGateway();
        var connection = await OpenAsync(gateway.Endpoint);
        using var peer = await gateway.AcceptAsync();

        var closing = connection!.CloseGracefullyAsync(FakeGateway.Guard);
        Assert.Equal(SocketError.Success, await peer.ReadUntilClosedAsync());
        peer.Socket.Shutdown(SocketShutdown.Send);
        await closing;

        Assert.Equal((0L, 0L), (_stats.ConnectionsOpen, ErrorKinds.All.Sum(_stats.Errors)));
    }

    [Fact]
    public async Task Open_NothingListening_CountsRefused()
    {
        var port = Ports.Closed();

        var connection = await OpenAsync(new IPEndPoint(IPAddress.Loopback, port));

        Assert.Null(connection);
        Assert.Equal((0L, 1L, 1L), (_stats.ConnectionsUp, _stats.ConnectionsFailed, _stats.Errors(ErrorKind.Refused)));
    }

    [Fact]
    public async Task Open_WithSourceAddress_ServerSeesThatAddress()
    {
        using var gateway = new FakeGateway();
        var source = IPAddress.Parse("127.0.0.2");

        var connection = await OpenAsync(gateway.Endpoint, source);
        using var peer = await gateway.AcceptAsync();

        Assert.Equal(source, peer.Remote.Address);
        Assert.Equal("127.0.0.2", connection!.LocalIp);
        connection.Abort(reset: false);
    }

    [Fact]
    public async Task Receive_ServerCloses_CountsClosedByServer()
    {
        using var gateway = new FakeGateway();
        var connection = await OpenAsync(gateway.Endpoint);
        using (await gateway.AcceptAsync())
        {
        }

        await connection!.Closed.WaitAsync(FakeGateway.Guard);

        Assert.Equal((1L, 0L), (_stats.Errors(ErrorKind.ClosedByServer), _stats.ConnectionsOpen));
    }

    [Fact]
    public async Task Receive_SplitStuckAndLargeFrames_DecodesEach()
    {
        using var gateway = new FakeGateway();
        var connection = await OpenAsync(gateway.Endpoint);
        using var peer = await gateway.AcceptAsync();
        var writer = new ServerFrameWriter();
        var frames = new ArrayBufferWriter<byte>();
        writer.WriteWelcome(frames, "s-1", 10, 30, 1800);
        writer.WriteState(frames, "leave", "heartbeat-timeout");
        writer.WriteError(frames, "invalid-json", new string('x', 3000));
        var bytes = frames.WrittenSpan.ToArray();

        // A split inside the first header, then the rest with two frames stuck together and one larger than the buffer.
        await peer.SendAsync(bytes[..2]);
        await peer.SendAsync(bytes[2..]);

        Assert.True(await Eventually.TrueAsync(() => { lock (_messages) { return _messages.Count == 3; } }));
        Assert.Equal(["welcome", "state", "error"], _messages.Select(m => m.Type));
        Assert.Equal(3000, _messages[2].Message!.Length);
        connection!.Abort(reset: false);
    }

    [Fact]
    public async Task Receive_HeaderThatIsNotAFrame_CountsOtherAndCloses()
    {
        using var gateway = new FakeGateway();
        var connection = await OpenAsync(gateway.Endpoint);
        using var peer = await gateway.AcceptAsync();

        await peer.SendAsync([0xFF, 0xFF, 0xFF, 0xFF]);

        await connection!.Closed.WaitAsync(FakeGateway.Guard);
        Assert.Equal(1, _stats.Errors(ErrorKind.Other));
    }

    [Fact]
    public async Task Open_NoDescriptorLeft_CountsTooManyOpenFilesUntilOneIsReturned()
    {
        using var gateway = new FakeGateway();
        var budget = DescriptorBudget.Fixed(available: 1, limit: 200);
        var first = await OpenAsync(gateway.Endpoint, budget: budget);

        var refused = await OpenAsync(gateway.Endpoint, budget: budget);
        first!.Abort(reset: false);
        var second = await OpenAsync(gateway.Endpoint, budget: budget);

        Assert.Null(refused);
        Assert.NotNull(second);
        Assert.Equal((2L, 1L, 1L), (_stats.ConnectionsUp, _stats.ConnectionsFailed, _stats.Errors(ErrorKind.TooManyOpenFiles)));
        Assert.Contains("open-file limit is 200", _stats.FirstErrors[ErrorKind.TooManyOpenFiles]);
        second!.Abort(reset: false);
    }

    [Fact]
    public void DescriptorBudget_ThisProcess_ReadsTheOpenFileLimit()
    {
        var budget = DescriptorBudget.ForThisProcess();

        Assert.True(budget.Limit > DescriptorBudget.RuntimeReserve, $"limit {budget.Limit}");
        Assert.True(budget.TryTake());
    }

    private Task<LoadConnection?> OpenAsync(IPEndPoint target, IPAddress? source = null, DescriptorBudget? budget = null) =>
        LoadConnection.OpenAsync(target, source, TimeSpan.FromSeconds(10), budget ?? DescriptorBudget.Unlimited(), _stats, reconnect: false, OnMessage, CancellationToken.None);

    private void OnMessage(ServerMessage message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
    }
}
