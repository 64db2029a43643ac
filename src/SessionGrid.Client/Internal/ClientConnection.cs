using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using SessionGrid.Protocol;

namespace SessionGrid.Client.Internal;

/// <summary>
/// One open connection: frames out through a single serialized write path, server frames in through
/// a pipe reader. Every failure comes out as a <see cref="SessionGridConnectionException"/>.
/// </summary>
internal sealed class ClientConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly TimeProvider _time;
    private readonly int _maxFrameLength;

    // One frame at a time: a heartbeat and a bye must never interleave their bytes.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _frame = new(256);
    private int _disposed;

    public ClientConnection(Socket socket, TimeProvider time, int maxFrameLength)
    {
        _socket = socket;
        _time = time;
        _maxFrameLength = maxFrameLength;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        RemoteEndPoint = Normalize((IPEndPoint)socket.RemoteEndPoint!);
        LocalEndPoint = Normalize((IPEndPoint)socket.LocalEndPoint!);
    }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public Task SendHelloAsync(string id, string? token, int intervalSeconds, TimeSpan timeout, CancellationToken cancellationToken)
        => SendAsync(w => ClientFrameWriter.WriteHello(w, id, token, intervalSeconds), "Sending the hello", timeout, cancellationToken);

    public Task SendHeartbeatAsync(HeartbeatFields fields, bool doubleEncoded, TimeSpan timeout, CancellationToken cancellationToken)
        => SendAsync(w => ClientFrameWriter.WriteHeartbeat(w, fields, doubleEncoded), "Sending a heartbeat", timeout, cancellationToken);

    public Task SendByeAsync(string reason, TimeSpan timeout, CancellationToken cancellationToken)
        => SendAsync(w => ClientFrameWriter.WriteBye(w, reason), "Sending the bye", timeout, cancellationToken);

    /// <summary>The next server frame, or null when the server closed the connection cleanly between frames.</summary>
    public async Task<ServerMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                throw FailureClassifier.Wrap(ex, "Reading from the server");
            }

            var buffer = result.Buffer;
            var status = FrameCodec.TryReadFrame(buffer, _maxFrameLength, out var body, out var consumed, out var length);
            if (status == FrameReadStatus.Frame)
            {
                var decoded = ServerMessageDecoder.TryDecode(body, out var message, out var error);
                _reader.AdvanceTo(consumed);
                return decoded
                    ? message
                    : throw new SessionGridConnectionException(DisconnectKind.Protocol, $"The server sent a frame that is not a valid server message: {error}");
            }

            if (status != FrameReadStatus.Incomplete)
            {
                throw new SessionGridConnectionException(
                    DisconnectKind.Protocol,
                    $"The server sent a frame header declaring {length} bytes; accepted are 1 to {_maxFrameLength} (MaxFrameLength).");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return buffer.IsEmpty
                    ? null
                    : throw new SessionGridConnectionException(DisconnectKind.Protocol, "The server closed the connection in the middle of a frame.");
            }
        }
    }

    /// <summary>Closes the socket, which ends a pending read or write with an error; safe to call more than once.</summary>
    public void Close() => _socket.Dispose();

    /// <summary>Closes the socket and releases the reader; call once no read is pending any more.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close();
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
    }

    private async Task SendAsync(Action<IBufferWriter<byte>> write, string doing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await _writeLock.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SessionGridConnectionException(DisconnectKind.Timeout, $"{doing} timed out after {timeout}: an earlier frame is still being sent.");
        }

        try
        {
            _frame.ResetWrittenCount();
            write(_frame);
            await _stream.WriteAsync(_frame.WrittenMemory, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SessionGridConnectionException(DisconnectKind.Timeout, $"{doing} timed out after {timeout}: the server does not read.");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw FailureClassifier.Wrap(ex, doing);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static IPEndPoint Normalize(IPEndPoint endpoint)
        => endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;
}
