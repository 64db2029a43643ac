using System.Buffers;
using System.Buffers.Binary;

namespace SessionGrid.Protocol;

/// <summary>
/// Length-prefixed framing: a 4-byte big-endian signed length, then that many body bytes.
/// </summary>
public static class FrameCodec
{
    /// <summary>Size of the length prefix in bytes.</summary>
    public const int HeaderLength = 4;

    /// <summary>Default cap on a frame body (64 KiB), as in PROTOCOL.md.</summary>
    public const int DefaultMaxFrameLength = 65536;

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. Pure: it never copies the body
    /// and keeps no state, so the caller owns the read loop.
    /// </summary>
    /// <param name="buffer">Bytes received so far.</param>
    /// <param name="maxFrameLength">Largest body accepted.</param>
    /// <param name="body">On <see cref="FrameReadStatus.Frame"/>, the body sliced from <paramref name="buffer"/>; valid as long as the buffer is.</param>
    /// <param name="consumed">
    /// On <see cref="FrameReadStatus.Frame"/>, the position just after the frame; otherwise the start of the buffer.
    /// When <see cref="FrameReadStatus.Incomplete"/>, the caller should mark the whole buffer as examined.
    /// </param>
    /// <param name="declaredLength">The length from the header, or 0 when the header is not all there.</param>
    public static FrameReadStatus TryReadFrame(
        in ReadOnlySequence<byte> buffer,
        int maxFrameLength,
        out ReadOnlySequence<byte> body,
        out SequencePosition consumed,
        out int declaredLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameLength);

        body = default;
        consumed = buffer.Start;
        declaredLength = 0;

        if (buffer.Length < HeaderLength)
        {
            return FrameReadStatus.Incomplete;
        }

        int length = ReadHeader(buffer);
        declaredLength = length;

        // Decided from the header alone, so a hostile peer cannot make us buffer a huge body first.
        if (length <= 0)
        {
            return FrameReadStatus.InvalidLength;
        }

        if (length > maxFrameLength)
        {
            return FrameReadStatus.TooLarge;
        }

        if (buffer.Length - HeaderLength < length)
        {
            return FrameReadStatus.Incomplete;
        }

        body = buffer.Slice(HeaderLength, length);
        consumed = body.End;
        return FrameReadStatus.Frame;
    }

    /// <summary>Writes the header and <paramref name="body"/> as one frame.</summary>
    public static void WriteFrame(IBufferWriter<byte> writer, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(writer);

        int total = HeaderLength + body.Length;
        Span<byte> destination = writer.GetSpan(total);
        BinaryPrimitives.WriteInt32BigEndian(destination, body.Length);
        body.CopyTo(destination[HeaderLength..]);
        writer.Advance(total);
    }

    private static int ReadHeader(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= HeaderLength)
        {
            return BinaryPrimitives.ReadInt32BigEndian(first);
        }

        // The header straddles segments (a split inside the 4 bytes).
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        return BinaryPrimitives.ReadInt32BigEndian(header);
    }
}
