using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace SessionGrid.TestKit.Network;

/// <summary>One proxied connection: a client socket, and (when forwarding) a socket to the target.</summary>
internal sealed class ProxyLink(TcpFaultProxy proxy, Socket client, bool forward)
{
    private readonly object _gate = new();
    private Socket? _upstream;
    private bool _reset;

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(IPEndPoint target, CancellationToken cancellationToken)
        => Completion = RunAsync(target, cancellationToken);

    /// <summary>SO_LINGER 0, then close: the peers get a RST, as from a crashed host or a middlebox.</summary>
    public void Reset()
    {
        Socket? upstream;
        lock (_gate)
        {
            _reset = true;
            upstream = _upstream;
        }

        Abort(client);
        if (upstream is not null)
        {
            Abort(upstream);
        }
    }

    private async Task RunAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            if (!forward)
            {
                await PumpAsync(client, null, cancellationToken);
                return;
            }

            var upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            lock (_gate)
            {
                _upstream = upstream;
                if (_reset)
                {
                    Abort(upstream);
                }
            }

            try
            {
                await upstream.ConnectAsync(target, cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The target is down: the client sees what it would see from a dead server behind a balancer.
                Reset();
                return;
            }

            await Task.WhenAll(PumpAsync(client, upstream, cancellationToken), PumpAsync(upstream, client, cancellationToken));
        }
        finally
        {
            client.Dispose();
            lock (_gate)
            {
                _upstream?.Dispose();
            }

            proxy.Remove(this);
        }
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/> (null: drops), passing on a FIN; any error resets the link.</summary>
    private async Task PumpAsync(Socket from, Socket? to, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    to?.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (to is not null && !proxy.Blackholed)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Reset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing left to reset.
        }

        socket.Close();
    }
}
