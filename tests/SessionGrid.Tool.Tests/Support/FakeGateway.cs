using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using SessionGrid.Protocol;

namespace SessionGrid.Tool.Tests.Support;

/// <summary>
/// A bare listener on a free loopback port standing in for a gateway, for tests that look at the
/// exact bytes and TCP behaviour of the load generator's clients. Every wait has a hang guard.
/// </summary>
internal sealed class FakeGateway : IDisposable
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly Socket _listener;

    public FakeGateway()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint Endpoint { get; }

    public async Task<Peer> AcceptAsync() => new(await _listener.AcceptAsync().WaitAsync(Guard));

    public void Dispose() => _listener.Dispose();

    /// <summary>One accepted client connection.</summary>
    internal sealed class Peer : IDisposable
    {
        private readonly PipeReader _reader;
        private int _disposed;

        public Peer(Socket socket)
        {
            Socket = socket;
            _reader = PipeReader.Create(new NetworkStream(socket, ownsSocket: false));
        }

        public Socket Socket { get; }

        public IPEndPoint Remote => (IPEndPoint)Socket.RemoteEndPoint!;

        /// <summary>The next frame's body; throws when the client closes first.</summary>
        public async Task<byte[]> ReadFrameAsync()
        {
            while (true)
            {
                var result = await _reader.ReadAsync().AsTask().WaitAsync(Guard);
                var buffer = result.Buffer;
                var status = FrameCodec.TryReadFrame(buffer, int.MaxValue, out var body, out var consumed, out _);
                if (status == FrameReadStatus.Frame)
                {
                    var bytes = body.ToArray();
                    _reader.AdvanceTo(consumed);
                    return bytes;
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new EndOfStreamException("The client closed the connection before a whole frame.");
                }
            }
        }

        /// <summary>Reads until the client closes or resets; returns the socket error that ended it (Success for a FIN).</summary>
        public async Task<SocketError> ReadUntilClosedAsync()
        {
            var buffer = new byte[4096];
            try
            {
                while (await Socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Guard) > 0)
                {
                }

                return SocketError.Success;
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode;
            }
        }

        public async Task SendAsync(byte[] bytes) => await Socket.SendAsync(bytes, SocketFlags.None).WaitAsync(Guard);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            _reader.Complete();
            Socket.Dispose();
        }
    }
}
