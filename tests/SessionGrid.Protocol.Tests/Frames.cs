using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace SessionGrid.Protocol.Tests;

/// <summary>Raw frame bytes for tests, built by hand so tests do not trust the writer under test.</summary>
internal static class Frames
{
    public static byte[] Frame(string body) => Frame(Encoding.UTF8.GetBytes(body));

    public static byte[] Frame(byte[] body) => [.. Header(body.Length), .. body];

    public static byte[] Header(int length)
    {
        var header = new byte[FrameCodec.HeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        return header;
    }

    public static ReadOnlySequence<byte> Body(string body) => new(Encoding.UTF8.GetBytes(body));

    public static string Text(in ReadOnlySequence<byte> body) => Encoding.UTF8.GetString(body.ToArray());

    /// <summary>Reads every whole frame in <paramref name="buffer"/>, as a read loop would.</summary>
    public static List<string> ReadAll(ReadOnlySequence<byte> buffer, out FrameReadStatus last, out long remaining)
    {
        var bodies = new List<string>();
        while (true)
        {
            last = FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out _);
            if (last != FrameReadStatus.Frame)
            {
                remaining = buffer.Length;
                return bodies;
            }

            bodies.Add(Text(body));
            buffer = buffer.Slice(consumed);
        }
    }
}
