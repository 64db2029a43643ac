using System.Net;
using System.Net.Sockets;

namespace SessionGrid.TestKit.Network;

/// <summary>
/// A loopback TCP proxy that injects the network failures real clients meet: forwards to a target
/// (which may be moved, e.g. to a restarted server), resets every connection with RST, refuses new
/// connections, or blackholes traffic. Its port stays the same across modes, so a client configured
/// with it sees one server address that fails in the ways a test chooses.
/// </summary>
/// <remarks>Only for tests on this machine: it listens on 127.0.0.1 and connects only where it is told.</remarks>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<ProxyLink> _links = [];
    private readonly CancellationTokenSource _disposed = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private IPEndPoint _target;
    private ProxyMode _mode = ProxyMode.Forward;
    private long _accepted;

    private TcpFaultProxy(IPEndPoint target)
    {
        _target = target;
        EndPoint = Listen(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>The address clients connect to (127.0.0.1 and a port fixed for the proxy's lifetime).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Where new connections are forwarded; open connections keep their target.</summary>
    public IPEndPoint Target
    {
        get { lock (_gate) { return _target; } }
        set { lock (_gate) { _target = value; } }
    }

    /// <summary>Connections accepted so far.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>Connections open now.</summary>
    public int OpenConnections
    {
        get { lock (_gate) { return _links.Count; } }
    }

    public ProxyMode Mode
    {
        get { lock (_gate) { return _mode; } }
    }

    /// <summary>Starts a proxy on a free loopback port, forwarding to <paramref name="target"/>.</summary>
    public static TcpFaultProxy Start(IPEndPoint target) => new(target);

    /// <summary>Switches mode; see <see cref="ProxyMode"/> for what each does to open and new connections.</summary>
    public void SetMode(ProxyMode mode)
    {
        Socket? closing = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            var previous = _mode;
            _mode = mode;
            if (mode == ProxyMode.Refuse)
            {
                closing = _listener;
                _listener = null;
            }
            else if (previous == ProxyMode.Refuse)
            {
                Listen(EndPoint);
            }
        }

        closing?.Dispose();
    }

    /// <summary>Resets (RST) every open connection, on the client side and on the target side; returns how many.</summary>
    public int ResetAll()
    {
        ProxyLink[] links;
        lock (_gate)
        {
            links = [.. _links];
        }

        foreach (var link in links)
        {
            link.Reset();
        }

        return links.Length;
    }

    public async ValueTask DisposeAsync()
    {
        Socket? listener;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            listener = _listener;
            _listener = null;
        }

        listener?.Dispose();
        ResetAll();
        await _acceptLoop;
        ProxyLink[] links;
        lock (_gate)
        {
            links = [.. _links];
        }

        await Task.WhenAll(links.Select(l => l.Completion));
        _disposed.Dispose();
    }

    internal bool Blackholed
    {
        get { lock (_gate) { return _mode == ProxyMode.Blackhole; } }
    }

    internal void Remove(ProxyLink link)
    {
        lock (_gate)
        {
            _links.Remove(link);
        }
    }

    // Called under _gate, or from the constructor.
    private IPEndPoint Listen(IPEndPoint endpoint)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Re-listening on the same port after Refuse must not trip over the connections it accepted before.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _acceptLoop = AcceptLoopAsync(listener, _acceptLoop);
        return (IPEndPoint)listener.LocalEndPoint!;
    }

    private async Task AcceptLoopAsync(Socket listener, Task previousLoop)
    {
        await Task.Yield();
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_disposed.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The listener was closed (Refuse or dispose).
                break;
            }

            Interlocked.Increment(ref _accepted);
            ProxyLink link;
            IPEndPoint target;
            lock (_gate)
            {
                target = _target;
                link = new ProxyLink(this, client, forward: _mode == ProxyMode.Forward);
                _links.Add(link);
            }

            link.Start(target, _disposed.Token);
        }

        await previousLoop;
    }
}
