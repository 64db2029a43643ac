using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SessionGrid.Protocol;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// One client socket: a small receive buffer, one receive loop that decodes the server's frames, and
/// sends issued by its client one at a time. Every way the connection can end is counted once.
/// </summary>
internal sealed class LoadConnection
{
    // Server frames are small (a welcome is ~100 bytes); the buffer grows only for a larger one.
    private const int InitialReceiveBuffer = 512;

    // Larger than anything this server sends; a larger header means the stream is not ours.
    private const int MaxServerFrame = 1024 * 1024;

    // Linux: defer the choice of the local port from bind() to connect(), so one source address
    // serves more than the ephemeral range once per target (the 4-tuple, not the address, must be unique).
    private const int SolIp = 0;
    private const int IpBindAddressNoPort = 24;

    private readonly Socket _socket;
    private readonly DescriptorBudget _descriptors;
    private readonly LoadStats _stats;
    private readonly Action<ServerMessage> _onMessage;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = new byte[InitialReceiveBuffer];
    private int _closing;
    private int _failed;
    private int _released;

    private LoadConnection(Socket socket, DescriptorBudget descriptors, LoadStats stats, Action<ServerMessage> onMessage)
    {
        _socket = socket;
        _descriptors = descriptors;
        _stats = stats;
        _onMessage = onMessage;
        LocalIp = socket.LocalEndPoint is IPEndPoint local ? local.Address.ToString() : "0.0.0.0";
    }

    /// <summary>The local address, which the client declares as its <c>ip</c>.</summary>
    public string LocalIp { get; }

    /// <summary>Completes when the receive loop has ended (server closed, reset, or we closed).</summary>
    public Task Closed => _closed.Task;

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>
    /// Connects, counting the outcome: <see cref="LoadStats.ConnectionUp"/> or a failure by kind.
    /// Null when the connect failed or the run stopped first.
    /// </summary>
    public static async Task<LoadConnection?> OpenAsync(
        IPEndPoint target, IPAddress? source, TimeSpan timeout, DescriptorBudget descriptors, LoadStats stats, bool reconnect, Action<ServerMessage> onMessage, CancellationToken stopping)
    {
        if (!descriptors.TryTake())
        {
            stats.ConnectionFailed(reconnect, ErrorKind.TooManyOpenFiles, descriptors.Describe());
            return null;
        }

        Socket? socket = null;
        var connected = false;
        try
        {
            socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (source is not null)
            {
                if (OperatingSystem.IsLinux())
                {
                    socket.SetRawSocketOption(SolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
                }

                socket.Bind(new IPEndPoint(source, 0));
            }

            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                deadline.CancelAfter(timeout);
                await socket.ConnectAsync(target, deadline.Token);
            }

            var connection = new LoadConnection(socket, descriptors, stats, onMessage);
            connected = true;
            stats.ConnectionUp(reconnect);
            _ = connection.ReceiveLoopAsync();
            return connection;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The run ended before this connect finished: neither up nor failed.
            return null;
        }
        catch (OperationCanceledException)
        {
            stats.ConnectionFailed(reconnect, ErrorKind.Timeout, $"connect to {target} took longer than {timeout.TotalSeconds:0.#} s");
            return null;
        }
        catch (SocketException e)
        {
            stats.ConnectionFailed(reconnect, ErrorKinds.Classify(e.SocketErrorCode), $"connect to {target}{(source is null ? "" : $" from {source}")}: {e.Message}");
            return null;
        }
        finally
        {
            if (!connected)
            {
                socket?.Dispose();
                descriptors.Return();
            }
        }
    }

    /// <summary>Sends all of <paramref name="data"/>; false (failure counted) when the connection is gone.</summary>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await _socket.SendAsync(data, SocketFlags.None);
                data = data[sent..];
            }

            return true;
        }
        catch (SocketException e)
        {
            Fail(ErrorKinds.Classify(e.SocketErrorCode), e.Message);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// From now on the server closing the connection is expected (a bye is on its way), not an error:
    /// its FIN can arrive before the send of the bye has even returned.
    /// </summary>
    public void ExpectClose() => Volatile.Write(ref _closing, 1);

    /// <summary>
    /// Half-closes (FIN) and waits up to <paramref name="wait"/> for the server to close its side, so
    /// that what was sent is read before the socket goes; then releases it.
    /// </summary>
    public async Task CloseGracefullyAsync(TimeSpan wait)
    {
        ExpectClose();
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            await _closed.Task.WaitAsync(wait);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or TimeoutException)
        {
            // Already gone, or the server keeps it open: either way it is released below.
        }

        Release();
        await _closed.Task;
    }

    /// <summary>Closes at once; with <paramref name="reset"/> as an RST (SO_LINGER 0) instead of a FIN.</summary>
    public void Abort(bool reset)
    {
        ExpectClose();
        try
        {
            if (reset)
            {
                _socket.LingerState = new LingerOption(true, 0);
            }
            else
            {
                // Disposing a socket with a receive pending makes Linux close it abortively (an RST):
                // shutting down first is what makes this a FIN, as documented.
                _socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: there is nothing left to reset or shut down.
        }

        Release();
    }

    private async Task ReceiveLoopAsync()
    {
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var received = await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None);
                if (received == 0)
                {
                    Fail(ErrorKind.ClosedByServer, "the server closed the connection");
                    return;
                }

                filled = Consume(filled + received);
                if (filled < 0)
                {
                    Abort(reset: false);
                    return;
                }
            }
        }
        catch (SocketException e)
        {
            Fail(ErrorKinds.Classify(e.SocketErrorCode), e.Message);
        }
        catch (ObjectDisposedException)
        {
            // Closed by its client.
        }
        finally
        {
            _stats.ConnectionEnded();
            _closed.TrySetResult();
        }
    }

    // Decodes every whole frame, keeps the rest at the front of the buffer and returns its length;
    // -1 when the server sent something that is not a frame of this protocol.
    private int Consume(int filled)
    {
        var buffer = new ReadOnlySequence<byte>(_buffer, 0, filled);
        while (true)
        {
            var status = FrameCodec.TryReadFrame(buffer, MaxServerFrame, out var body, out var consumed, out _);
            if (status == FrameReadStatus.Incomplete)
            {
                break;
            }

            if (status != FrameReadStatus.Frame)
            {
                Fail(ErrorKind.Other, "the server sent a frame header that is not valid");
                return -1;
            }

            if (ServerMessageDecoder.TryDecode(body, out var message, out _))
            {
                _onMessage(message);
            }
            else
            {
                _stats.Frame("other", null, null);
            }

            buffer = buffer.Slice(consumed);
        }

        var rest = (int)buffer.Length;
        _buffer.AsSpan(filled - rest, rest).CopyTo(_buffer);
        return rest;
    }

    // Every way a connection ends passes here: the socket and its descriptor go exactly once.
    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _socket.Dispose();
            _descriptors.Return();
        }
    }

    // A connection contributes at most one error, and none once its own client began closing it.
    private void Fail(ErrorKind kind, string message)
    {
        if (Volatile.Read(ref _closing) == 0 && Interlocked.Exchange(ref _failed, 1) == 0)
        {
            _stats.Error(kind, message);
        }
    }
}
