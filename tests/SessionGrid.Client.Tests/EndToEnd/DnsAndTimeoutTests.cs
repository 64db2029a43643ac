using System.Net;
using System.Net.Sockets;
using SessionGrid.Client.Tests.Support;

namespace SessionGrid.Client.Tests.EndToEnd;

/// <summary>Failures before any byte of the protocol: a name that does not resolve, a SYN nobody answers.</summary>
public sealed class DnsAndTimeoutTests
{
    [Fact]
    public async Task UnresolvableHost_RetriedThenGivesUpAtTheAttemptCap()
    {
        var options = ClientOptions.For("no-such-host.invalid", 14000, configure: o => o.Reconnect.MaxAttempts = 3);
        await using var client = new SessionGridClient(options);
        var events = new ClientRecorder(client);

        var stop = await client.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ClientStopReason.AttemptsExhausted, stop.Reason);
        Assert.Equal(DisconnectKind.Dns, stop.LastFailureKind);
        Assert.Equal(3, stop.Attempts);
        Assert.StartsWith("Gave up after 3 failed connection attempts to no-such-host.invalid:14000", stop.Message, StringComparison.Ordinal);
        Assert.Contains("The host name 'no-such-host.invalid' could not be resolved", stop.Message, StringComparison.Ordinal);
        Assert.Equal([2, 3], events.All<ReconnectingEventArgs>().Select(r => r.Attempt));
        Assert.All(events.All<ReconnectingEventArgs>(), r => Assert.Equal(DisconnectKind.Dns, r.LastFailureKind));
        Assert.Same(stop, Assert.Single(events.All<GaveUpEventArgs>()).Info);
        var stats = client.GetStatistics();
        Assert.Equal((3, 0, ClientState.Stopped), (stats.ConnectionAttempts, stats.Connections, stats.State));
        Assert.Equal(DisconnectKind.Dns, stats.LastFailureKind);
    }

    [Fact]
    public async Task ConnectNeverAnswered_ConnectTimeout()
    {
        // A listener that never accepts, with its accept queue full: the kernel drops further SYNs,
        // so a connect neither completes nor fails, as towards a host that is down.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            Assert.True(await FillAcceptQueueAsync(endpoint, fillers), "Could not fill the accept queue of a loopback listener.");
            var options = ClientOptions.For(endpoint, configure: o =>
            {
                o.ConnectTimeout = TimeSpan.FromMilliseconds(300);
                o.Reconnect.MaxAttempts = 2;
            });
            await using var client = new SessionGridClient(options);

            var stop = await client.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(ClientStopReason.AttemptsExhausted, stop.Reason);
            Assert.Equal(DisconnectKind.Timeout, stop.LastFailureKind);
            Assert.Contains($"Connecting to {endpoint} (127.0.0.1) timed out after 00:00:00.3000000", stop.Message, StringComparison.Ordinal);
        }
        finally
        {
            fillers.ForEach(s => s.Dispose());
        }
    }

    private static async Task<bool> FillAcceptQueueAsync(IPEndPoint endpoint, List<Socket> fillers)
    {
        for (var i = 0; i < 16; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(socket);
            using var probe = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await socket.ConnectAsync(endpoint, probe.Token);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }
}
