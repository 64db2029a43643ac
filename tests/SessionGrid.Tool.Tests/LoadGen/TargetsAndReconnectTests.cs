using System.Buffers;
using System.Text;
using SessionGrid.Protocol;
using SessionGrid.Tool.LoadGen;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.LoadGen;

/// <summary>
/// Several <c>--target</c> gateways (clients spread round robin, a reconnect moves on to the next) and
/// <c>--reconnect</c> (healthy clients come back after a broken connection, not after a close that says no).
/// </summary>
public sealed class TargetsAndReconnectTests
{
    [Fact]
    public void TargetList_ParsesEachEntryAndNamesTheBadOne()
    {
        Assert.True(TargetAddress.TryParseList("127.0.0.1:14001, 127.0.0.1:14002,[::1]:14003", out var targets, out _));
        Assert.Equal(["127.0.0.1:14001", "127.0.0.1:14002", "[::1]:14003"], targets.Select(t => t.ToString()));

        Assert.False(TargetAddress.TryParseList("127.0.0.1:14001,127.0.0.1", out _, out var missingPort));
        Assert.Contains("'127.0.0.1' has no port", missingPort);
        Assert.False(TargetAddress.TryParseList("127.0.0.1:14001,", out _, out var empty));
        Assert.Contains("--target is empty", empty);
        Assert.False(TargetAddress.TryParseList("127.0.0.1:14001,127.0.0.1:14001", out _, out var twice));
        Assert.Equal("--target lists 127.0.0.1:14001 twice.", twice);
    }

    [Fact]
    public void TargetList_BadEntry_IsAUsageError()
    {
        var errors = LoadGenOptionsValidator.Validate(new LoadGenOptions { Target = "127.0.0.1:14001,nope" });
        Assert.Equal(["--target 'nope' has no port; expected host:port, e.g. 127.0.0.1:14000."], errors);
    }

    [Fact]
    public async Task SeveralTargets_ClientsSpreadRoundRobin()
    {
        using var first = new FakeGateway();
        using var second = new FakeGateway();
        await using var load = RunningLoad.Start(RunningLoad.Options(first.Endpoint, "spread-", o =>
        {
            o.Target = $"{first.Endpoint},{second.Endpoint}";
            o.Clients = 4;
        }));

        var onFirst = new[] { await HelloIdAsync(first), await HelloIdAsync(first) };
        var onSecond = new[] { await HelloIdAsync(second), await HelloIdAsync(second) };

        Assert.Equal(["spread-0", "spread-2"], onFirst.Order());
        Assert.Equal(["spread-1", "spread-3"], onSecond.Order());
    }

    [Fact]
    public async Task Reconnect_AfterTheConnectionBreaks_TheClientComesBackOnTheNextTarget()
    {
        using var first = new FakeGateway();
        using var second = new FakeGateway();
        await using var load = RunningLoad.Start(RunningLoad.Options(first.Endpoint, "back-", o =>
        {
            o.Target = $"{first.Endpoint},{second.Endpoint}";
            o.Clients = 1;
            o.Reconnect = true;
            o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(50);
        }));

        var dying = await first.AcceptAsync();
        Assert.Equal("back-0", HelloId(await dying.ReadFrameAsync()));
        await dying.ReadFrameAsync();
        dying.Dispose(); // the silo behind the first gateway died

        using var resumed = await second.AcceptAsync();
        Assert.Equal("back-0", HelloId(await resumed.ReadFrameAsync()));
        Assert.Equal(ClientMessageKind.Heartbeat, Kind(await resumed.ReadFrameAsync()));
        await resumed.SendAsync(Frame("""{"type":"welcome","session":"back-0","interval":1,"leaveAfter":3,"closeAfter":60}"""));
        Assert.True(await SessionGrid.TestKit.Eventually.TrueAsync(() => load.Stats.ResumesMs.Count == 1));

        var stopping = load.StopAsync();
        await resumed.ReadUntilClosedAsync();
        var summary = await stopping;
        Assert.Equal(1, summary.Reconnects);
        Assert.Equal(1, summary.Resume.Resumed);
    }

    [Theory]
    [InlineData("shutdown", true)]
    [InlineData("kicked", false)]
    [InlineData("taken-over", false)]
    [InlineData("client-closed", false)]
    public async Task Reconnect_AfterAServerClose_OnlyWhenTheReasonAllowsComingBack(string reason, bool comesBack)
    {
        using var first = new FakeGateway();
        using var second = new FakeGateway();
        await using var load = RunningLoad.Start(RunningLoad.Options(first.Endpoint, "close-", o =>
        {
            o.Target = $"{first.Endpoint},{second.Endpoint}";
            o.Clients = 1;
            o.Reconnect = true;
            o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(20);
        }));

        using (var closing = await first.AcceptAsync())
        {
            await closing.ReadFrameAsync();
            await closing.ReadFrameAsync();
            await closing.SendAsync(Frame($$"""{"type":"close","reason":"{{reason}}"}"""));
            closing.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await closing.ReadUntilClosedAsync();
        }

        if (comesBack)
        {
            using var resumed = await second.AcceptAsync();
            Assert.Equal("close-0", HelloId(await resumed.ReadFrameAsync()));
        }
        else
        {
            // Ten times the first backoff: a client that were going to reconnect would have.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        var summary = await load.StopAsync();
        Assert.Equal(comesBack ? 1 : 0, summary.Reconnects);
    }

    private static async Task<string> HelloIdAsync(FakeGateway gateway)
    {
        using var peer = await gateway.AcceptAsync();
        return HelloId(await peer.ReadFrameAsync());
    }

    private static string HelloId(byte[] body)
    {
        var (kind, id) = Decode(body);
        Assert.Equal(ClientMessageKind.Hello, kind);
        return id;
    }

    private static ClientMessageKind Kind(byte[] body) => Decode(body).Kind;

    private static (ClientMessageKind Kind, string Id) Decode(byte[] body)
    {
        using var decoder = new ClientMessageDecoder();
        Assert.Equal(ProtocolErrorCode.None, decoder.TryDecode(new ReadOnlySequence<byte>(body), out var message));
        return (message.Kind, Encoding.UTF8.GetString(message.Id));
    }

    private static byte[] Frame(string json)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameCodec.WriteFrame(writer, Encoding.UTF8.GetBytes(json));
        return writer.WrittenSpan.ToArray();
    }
}
