using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using SessionGrid.Protocol;

namespace SessionGrid.TestKit;

/// <summary>
/// A raw protocol client for black-box tests: real socket, real frames, and the server's frames
/// decoded as they arrive. Every wait has a timeout so a broken server fails a test instead of
/// hanging it.
/// </summary>
public sealed class FrameClient : IAsyncDisposable
{
    // A hang guard, not a timing assertion: generous, because CI machines are small and busy.
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;

    // Frames read while waiting for another type; later waits see them first, so nothing is lost.
    private readonly List<ServerMessage> _skipped = [];

    private FrameClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(_stream);
    }

    /// <summary>This client's local <c>ip:port</c>, which is its session id when it sends no id or pid.</summary>
    public string LocalEndpoint => ((IPEndPoint)_socket.LocalEndPoint!).ToString();

    /// <param name="receiveBufferSize">A small value makes a client that reads slowly fill up quickly (back-pressure tests).</param>
    public static async Task<FrameClient> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken = default, int? receiveBufferSize = null)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).AsTask().WaitAsync(DefaultTimeout, cancellationToken);
            return new FrameClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task SendHeartbeatAsync(string ip, string status = "alive", long? pid = null, string? id = null, bool doubleEncoded = false, long? seq = null, bool ack = false)
        => SendFrameAsync(w => ClientFrameWriter.WriteHeartbeat(w, new HeartbeatFields(ip, status, pid, id, seq, null, ack), doubleEncoded));

    public Task SendHelloAsync(string id, int? intervalSeconds = null, string? token = null)
        => SendFrameAsync(w => ClientFrameWriter.WriteHello(w, id, token, intervalSeconds));

    public Task SendByeAsync(string? reason = null) => SendFrameAsync(w => ClientFrameWriter.WriteBye(w, reason));

    /// <summary>Sends a frame whose body is <paramref name="body"/> as UTF-8, exactly as given.</summary>
    public Task SendBodyAsync(string body)
        => SendFrameAsync(w => FrameCodec.WriteFrame(w, System.Text.Encoding.UTF8.GetBytes(body)));

    /// <summary>Sends bytes as they are: partial frames, bad headers, garbage.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
        => await _socket.SendAsync(bytes, SocketFlags.None).AsTask().WaitAsync(DefaultTimeout);

    /// <summary>Sends bytes; false when the server has not taken them within <paramref name="timeout"/> (it stopped reading).</summary>
    public async Task<bool> TrySendRawAsync(ReadOnlyMemory<byte> bytes, TimeSpan timeout)
    {
        try
        {
            await _socket.SendAsync(bytes, SocketFlags.None).AsTask().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The next frame from the server, or null when the server closed the connection.</summary>
    public async Task<ServerMessage?> ReceiveAsync(TimeSpan? timeout = null)
    {
        if (_skipped.Count > 0)
        {
            var first = _skipped[0];
            _skipped.RemoveAt(0);
            return first;
        }

        return await ReadFrameAsync(timeout);
    }

    private async Task<ServerMessage?> ReadFrameAsync(TimeSpan? timeout)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cts.Token);
            }
            catch (IOException)
            {
                return null;
            }

            var buffer = result.Buffer;
            var status = FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out var body, out var consumed, out _);
            if (status == FrameReadStatus.Frame)
            {
                if (!ServerMessageDecoder.TryDecode(body, out var message, out var error))
                {
                    throw new InvalidDataException($"The server sent an undecodable frame: {error}");
                }

                _reader.AdvanceTo(consumed);
                return message;
            }

            if (status != FrameReadStatus.Incomplete)
            {
                throw new InvalidDataException($"The server sent a bad frame header: {status}");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The first frame of <paramref name="type"/>, already received or still to come; frames of other
    /// types stay queued for later calls. Fails if the connection closes first.
    /// </summary>
    public async Task<ServerMessage> ReceiveTypeAsync(string type, TimeSpan? timeout = null)
    {
        var queued = _skipped.FindIndex(m => m.Type == type);
        if (queued >= 0)
        {
            var found = _skipped[queued];
            _skipped.RemoveAt(queued);
            return found;
        }

        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var message = await ReadFrameAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1))
                ?? throw new InvalidOperationException($"The server closed the connection before sending a '{type}' frame.");
            if (message.Type == type)
            {
                return message;
            }

            _skipped.Add(message);
        }
    }

    /// <summary>True when the server closes the connection (after any frames) within the timeout.</summary>
    public async Task<bool> WaitForServerCloseAsync(TimeSpan? timeout = null)
    {
        try
        {
            while (await ReceiveAsync(timeout) is not null)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Closes with RST instead of FIN (SO_LINGER 0), as a crashed client or middlebox would.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private Task SendFrameAsync(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return SendRawAsync(buffer.WrittenMemory);
    }
}
