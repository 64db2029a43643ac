using System.Buffers;
using System.Text;
using SessionGrid.Protocol;
using SessionGrid.Tool.LoadGen;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.LoadGen;

/// <summary>The exact frames a simulated client sends, read by a bare listener and decoded with the gateway's own decoder.</summary>
public sealed class ClientWireTests
{
    [Fact]
    public async Task Hello_ThenPlainHeartbeatsWithLocalIpAndNoId()
    {
        using var gateway = new FakeGateway();
        await using var load = RunningLoad.Start(RunningLoad.Options(gateway.Endpoint, "wire-", o => o.Clients = 1));
        using var peer = await gateway.AcceptAsync();

        Assert.Equal("""{"type":"hello","id":"wire-0","interval":1}""", Encoding.UTF8.GetString(await peer.ReadFrameAsync()));
        var (kind, ip, id, status, doubleEncoded) = Decode(await peer.ReadFrameAsync());
        Assert.Equal((ClientMessageKind.Heartbeat, "127.0.0.1", "", DeclaredStatus.Live, false), (kind, ip, id, status, doubleEncoded));

        var stopping = load.StopAsync();
        Assert.Equal(ClientMessageKind.Bye, await ReadKindAfterHeartbeatsAsync(peer));
        peer.Dispose();
        Assert.Equal(0, (await stopping).Errors.Values.Sum());
    }

    [Fact]
    public async Task DoubleWithoutHello_EveryHeartbeatIsAJsonStringCarryingTheId()
    {
        using var gateway = new FakeGateway();
        var options = RunningLoad.Options(gateway.Endpoint, "wire-double-", o =>
        {
            o.Clients = 1;
            o.FirstIndex = 41;
            o.NoHello = true;
            o.Encoding = HeartbeatEncoding.Double;
        });
        await using var load = RunningLoad.Start(options);
        using var peer = await gateway.AcceptAsync();

        for (var i = 0; i < 2; i++)
        {
            var body = await peer.ReadFrameAsync();
            Assert.Equal((byte)'"', body[0]);
            Assert.Equal((ClientMessageKind.Heartbeat, "127.0.0.1", "wire-double-41", DeclaredStatus.Live, true), Decode(body));
        }
    }

    [Fact]
    public async Task Flood_SendsBackToBackWithoutWaiting()
    {
        using var gateway = new FakeGateway();
        await using var load = RunningLoad.Start(RunningLoad.Options(gateway.Endpoint, "wire-flood-", o =>
        {
            o.Clients = 1;
            o.Interval = 0;
        }));
        using var peer = await gateway.AcceptAsync();

        Assert.Equal("""{"type":"hello","id":"wire-flood-0"}""", Encoding.UTF8.GetString(await peer.ReadFrameAsync()));
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(ClientMessageKind.Heartbeat, Decode(await peer.ReadFrameAsync()).Kind);
        }
    }

    [Fact]
    public async Task Flood_ManyClients_AllConnectAndSend()
    {
        const int clients = 40;
        using var gateway = new FakeGateway();
        var peers = new List<FakeGateway.Peer>();
        var draining = Task.Run(async () =>
        {
            var reads = new List<Task>();
            for (var i = 0; i < clients; i++)
            {
                var peer = await gateway.AcceptAsync();
                peers.Add(peer);
                reads.Add(peer.ReadUntilClosedAsync());
            }

            await Task.WhenAll(reads);
        });
        var options = RunningLoad.Options(gateway.Endpoint, "wire-flood-many-", o =>
        {
            o.Clients = clients;
            o.Interval = 0;
            o.Duration = 0.5;
        });

        var summary = await new LoadGenerator(options).RunAsync().WaitAsync(FakeGateway.Guard);
        foreach (var peer in peers)
        {
            peer.Dispose();
        }

        await draining.WaitAsync(FakeGateway.Guard);
        Assert.Equal((clients, 0L), (summary.Connections.Up, summary.Connections.Failed));
        Assert.True(summary.HeartbeatsSent > clients, $"{summary.HeartbeatsSent} heartbeats");
    }

    private static async Task<ClientMessageKind> ReadKindAfterHeartbeatsAsync(FakeGateway.Peer peer)
    {
        while (true)
        {
            var kind = Decode(await peer.ReadFrameAsync()).Kind;
            if (kind != ClientMessageKind.Heartbeat)
            {
                return kind;
            }
        }
    }

    private static (ClientMessageKind Kind, string Ip, string Id, DeclaredStatus Status, bool DoubleEncoded) Decode(byte[] body)
    {
        using var decoder = new ClientMessageDecoder();
        Assert.Equal(ProtocolErrorCode.None, decoder.TryDecode(new ReadOnlySequence<byte>(body), out var message));
        return (message.Kind, Encoding.UTF8.GetString(message.Ip), Encoding.UTF8.GetString(message.Id), message.Status, message.DoubleEncoded);
    }
}
