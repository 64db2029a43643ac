using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SessionGrid.TestKit;

namespace SessionGrid.Client.Tests.Support;

/// <summary>
/// A fake gateway whose every byte the test writes: for server behaviour a real silo never shows
/// (garbage, unknown frame types, errors on demand, silence).
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _accepted = [];

    public ScriptedServer()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public async Task<Peer> AcceptAsync()
    {
        var socket = await _listener.AcceptAsync().WaitAsync(Eventually.DefaultTimeout);
        lock (_accepted)
        {
            _accepted.Add(socket);
        }

        return new Peer(socket);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One accepted connection.</summary>
    public sealed class Peer(Socket socket)
    {
        /// <summary>The next frame's body as text; null when the client closed.</summary>
        public async Task<string?> ReceiveAsync()
        {
            var header = new byte[4];
            if (!await ReadExactlyAsync(header))
            {
                return null;
            }

            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
            return await ReadExactlyAsync(body) ? Encoding.UTF8.GetString(body) : null;
        }

        public Task SendAsync(string json)
        {
            var body = Encoding.UTF8.GetBytes(json);
            var frame = new byte[4 + body.Length];
            BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
            body.CopyTo(frame, 4);
            return SendRawAsync(frame);
        }

        public async Task SendRawAsync(byte[] bytes)
            => await socket.SendAsync(bytes, SocketFlags.None).WaitAsync(Eventually.DefaultTimeout);

        /// <summary>A plain close (FIN) with no close frame.</summary>
        public void Close() => socket.Shutdown(SocketShutdown.Both);

        private async Task<bool> ReadExactlyAsync(byte[] buffer)
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None).AsTask().WaitAsync(Eventually.DefaultTimeout);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return true;
        }
    }
}
