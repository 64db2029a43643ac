using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace SessionGrid.Protocol.Tests;

/// <summary>The codec in a real read loop: a loopback socket pair, odd write sizes, a PipeReader.</summary>
public sealed class LoopbackTcpTests
{
    private const int Heartbeats = 300;
    private static readonly int[] ChunkSizes = [1, 2, 3, 5, 7, 11, 13, 4, 97, 1021, 6];

    [Fact]
    public async Task ReadLoop_FramesSentInOddChunks_DecodesEveryFrameAndAcksReturn()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        (TcpClient client, TcpClient server) = await ConnectPairAsync(timeout.Token);
        using (client)
        using (server)
        {
            // Take the stream before sending: after Shutdown(Send) TcpClient refuses to hand it out.
            NetworkStream clientStream = client.GetStream();
            Task<List<long>> acks = ReadAcksAsync(clientStream, timeout.Token);
            Task send = SendInChunksAsync(clientStream, ClientStream(), timeout.Token);

            var reader = PipeReader.Create(server.GetStream());
            var writer = PipeWriter.Create(server.GetStream());
            var log = new ServerLog();
            long leftover = await ServeAsync(reader, writer, log, timeout.Token);
            await writer.CompleteAsync();
            await send;

            Assert.Equal(0, leftover);
            Assert.Equal(ProtocolErrorCode.None, log.FirstError);
            Assert.Equal(["hello:dev-1", .. Enumerable.Range(0, Heartbeats).Select(i => $"hb:{i}:{(i % 2 == 1 ? "double" : "plain")}"), "bye"], log.Entries);
            Assert.Equal(Enumerable.Range(0, Heartbeats).Where(i => i % 3 == 0).Select(i => (long)i), await acks);
        }
    }

    [Fact]
    public async Task ReadLoop_PeerClosesMidFrame_LeavesBytesThatMeanTruncatedFrame()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        (TcpClient client, TcpClient server) = await ConnectPairAsync(timeout.Token);
        using (client)
        using (server)
        {
            byte[] whole = Frames.Frame("""{"ip":"10.0.0.5","status":"alive"}""");
            byte[] partial = Frames.Frame("""{"ip":"10.0.0.5","status":"leave"}""")[..9];
            Task send = SendInChunksAsync(client.GetStream(), [.. whole, .. partial], timeout.Token);

            var log = new ServerLog();
            long leftover = await ServeAsync(PipeReader.Create(server.GetStream()), writer: null, log, timeout.Token);
            await send;

            Assert.Equal(["hb:-1:plain"], log.Entries);
            Assert.Equal(9, leftover);
        }
    }

    private static async Task<(TcpClient Client, TcpClient Server)> ConnectPairAsync(CancellationToken cancellationToken)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient { NoDelay = true };
            Task connect = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken).AsTask();
            TcpClient server = await listener.AcceptTcpClientAsync(cancellationToken);
            await connect;
            return (client, server);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static byte[] ClientStream()
    {
        var output = new ArrayBufferWriter<byte>();
        ClientFrameWriter.WriteHello(output, "dev-1", "token", 10);
        for (int i = 0; i < Heartbeats; i++)
        {
            var fields = new HeartbeatFields("10.0.0.5", "alive", 4321, null, i, 1718000000000 + i, Ack: i % 3 == 0);
            ClientFrameWriter.WriteHeartbeat(output, fields, doubleEncoded: i % 2 == 1);
        }

        ClientFrameWriter.WriteBye(output, "done");
        return output.WrittenSpan.ToArray();
    }

    private static async Task SendInChunksAsync(NetworkStream stream, byte[] data, CancellationToken cancellationToken)
    {
        int offset = 0;
        for (int n = 0; offset < data.Length; n++)
        {
            int size = Math.Min(ChunkSizes[n % ChunkSizes.Length], data.Length - offset);
            await stream.WriteAsync(data.AsMemory(offset, size), cancellationToken);
            offset += size;
        }

        stream.Socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>The server side: frames in, acks out, until the peer ends its stream. Returns the bytes left unread.</summary>
    private static async Task<long> ServeAsync(PipeReader reader, PipeWriter? writer, ServerLog log, CancellationToken cancellationToken)
    {
        var decoder = new ClientMessageDecoder();
        var frames = new ServerFrameWriter();
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            DrainFrames(ref buffer, decoder, frames, writer, log);
            reader.AdvanceTo(buffer.Start, buffer.End);

            if (writer is not null)
            {
                await writer.FlushAsync(cancellationToken);
            }

            if (result.IsCompleted || log.FirstError != ProtocolErrorCode.None)
            {
                await reader.CompleteAsync();
                return buffer.Length;
            }
        }
    }

    private static void DrainFrames(ref ReadOnlySequence<byte> buffer, ClientMessageDecoder decoder, ServerFrameWriter frames, PipeWriter? writer, ServerLog log)
    {
        while (FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out _) == FrameReadStatus.Frame)
        {
            buffer = buffer.Slice(consumed);
            ProtocolErrorCode error = decoder.TryDecode(body, out ClientMessage message);
            if (error != ProtocolErrorCode.None)
            {
                log.FirstError = error;
                return;
            }

            log.Entries.Add(message.Kind switch
            {
                ClientMessageKind.Hello => $"hello:{Encoding.UTF8.GetString(message.Id)}",
                ClientMessageKind.Bye => "bye",
                _ => $"hb:{(message.HasSeq ? message.Seq : -1)}:{(message.DoubleEncoded ? "double" : "plain")}",
            });

            if (message.Ack && writer is not null)
            {
                frames.WriteAck(writer, message.Seq);
            }
        }
    }

    private static async Task<List<long>> ReadAcksAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream);
        var seqs = new List<long>();
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            while (FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out _) == FrameReadStatus.Frame)
            {
                Assert.True(ServerMessageDecoder.TryDecode(body, out ServerMessage? ack, out string? error), error);
                Assert.Equal("ack", ack.Type);
                seqs.Add(ack.Seq!.Value);
                buffer = buffer.Slice(consumed);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return seqs;
            }
        }
    }

    private sealed class ServerLog
    {
        public List<string> Entries { get; } = [];

        public ProtocolErrorCode FirstError { get; set; }
    }
}
