using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using SessionGrid.Protocol;

namespace SessionGrid.Benchmarks;

/// <summary>
/// The per-heartbeat cost of the wire protocol: framing, decoding, session id, and the ack reply.
/// Every benchmark here should report 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const string Remote = "192.168.1.20:51234";

    private readonly ClientMessageDecoder _decoder = new();
    private readonly SessionIdResolver _resolver = new();
    private readonly ServerFrameWriter _writer = new();
    private readonly ArrayBufferWriter<byte> _output = new(256);

    private ReadOnlySequence<byte> _plain;
    private ReadOnlySequence<byte> _doubleEncoded;
    private ReadOnlySequence<byte> _multiSegment;
    private byte[] _ip = [];

    [GlobalSetup]
    public void Setup()
    {
        byte[] plain = Frame("""{"ip": "10.0.0.5", "status": "alive", "pid": 1234}""");
        _plain = new ReadOnlySequence<byte>(plain);
        _doubleEncoded = new ReadOnlySequence<byte>(Frame("""
            "{\"ip\": \"10.0.0.5\", \"status\": \"alive\", \"pid\": 1234}"
            """));

        // Split inside the header and inside a value, as a TCP read can.
        _multiSegment = CodecSegment.Split(plain, 2, 17, 40);
        _ip = "10.0.0.5"u8.ToArray();
        _resolver.Resolve([], _ip, true, 1234, Remote);
    }

    [Benchmark]
    public long DecodePlainHeartbeat() => ReadAndDecode(_plain);

    [Benchmark]
    public long DecodeDoubleEncodedHeartbeat() => ReadAndDecode(_doubleEncoded);

    [Benchmark]
    public long DecodeMultiSegmentHeartbeat() => ReadAndDecode(_multiSegment);

    [Benchmark]
    public string ResolveSessionId() => _resolver.Resolve([], _ip, true, 1234, Remote);

    [Benchmark]
    public int WriteAck()
    {
        _output.ResetWrittenCount();
        _writer.WriteAck(_output, 123456);
        return _output.WrittenCount;
    }

    private long ReadAndDecode(in ReadOnlySequence<byte> frame)
    {
        if (FrameCodec.TryReadFrame(frame, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out _, out _) != FrameReadStatus.Frame
            || _decoder.TryDecode(body, out ClientMessage message) != ProtocolErrorCode.None)
        {
            throw new InvalidOperationException("Benchmark frame did not decode.");
        }

        return message.Pid + message.Ip.Length;
    }

    private static byte[] Frame(string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        byte[] frame = new byte[FrameCodec.HeaderLength + bytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, bytes.Length);
        bytes.CopyTo(frame, FrameCodec.HeaderLength);
        return frame;
    }
}
