using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace SessionGrid.Protocol.Tests;

public sealed class FrameCodecTests
{
    private static readonly string[] Bodies =
    [
        """{"ip":"10.0.0.5","status":"alive","pid":1234}""",
        "x",
        """
        "{\"ip\": \"10.0.0.6\", \"status\": \"leave\"}"
        """,
    ];

    private static readonly byte[] Stream = [.. Bodies.SelectMany(Frames.Frame)];

    [Fact]
    public void TryReadFrame_StreamSplitAtEveryPairOfPoints_ReadsAllFramesInOrder()
    {
        for (int first = 0; first <= Stream.Length; first++)
        {
            for (int second = first; second <= Stream.Length; second++)
            {
                List<string> read = Frames.ReadAll(Segments.SplitAt(Stream, first, second), out FrameReadStatus last, out long remaining);

                Assert.Equal(Bodies, read);
                Assert.Equal(FrameReadStatus.Incomplete, last);
                Assert.Equal(0, remaining);
            }
        }
    }

    [Fact]
    public void TryReadFrame_OneBytePerSegment_ReadsAllFramesInOrder()
    {
        List<string> read = Frames.ReadAll(Segments.OneBytePerSegment(Stream), out _, out long remaining);

        Assert.Equal(Bodies, read);
        Assert.Equal(0, remaining);
    }

    [Fact]
    public void TryReadFrame_BytesArriveOneAtATime_EachFrameAppearsExactlyWhenItsLastByteArrives()
    {
        int[] frameEnds = FrameEnds();
        var received = new List<byte[]>();
        long consumedOffset = 0;
        var read = new List<string>();

        for (int i = 0; i < Stream.Length; i++)
        {
            received.Add([Stream[i]]);
            read.AddRange(ReadAvailable(received, ref consumedOffset));

            int completeFrames = frameEnds.Count(end => end <= i + 1);
            Assert.Equal(completeFrames, read.Count);
        }

        Assert.Equal(Bodies, read);
    }

    [Fact]
    public void TryReadFrame_RandomChunksWithFixedSeed_ReadsAllFramesInOrder()
    {
        var random = new Random(20240611);
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            var received = new List<byte[]>();
            long consumedOffset = 0;
            var read = new List<string>();
            int offset = 0;
            while (offset < Stream.Length)
            {
                int size = Math.Min(random.Next(1, 24), Stream.Length - offset);
                received.Add(Stream[offset..(offset + size)]);
                offset += size;
                read.AddRange(ReadAvailable(received, ref consumedOffset));
            }

            Assert.Equal(Bodies, read);
            Assert.Equal(Stream.Length, consumedOffset);
        }
    }

    [Fact]
    public void TryReadFrame_SeveralFramesInOneBuffer_ReadsThemOneByOne()
    {
        var buffer = new ReadOnlySequence<byte>(Stream);

        List<string> read = Frames.ReadAll(buffer, out FrameReadStatus last, out long remaining);

        Assert.Equal(Bodies, read);
        Assert.Equal(FrameReadStatus.Incomplete, last);
        Assert.Equal(0, remaining);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void TryReadFrame_LengthNotPositive_ReturnsInvalidLengthFromHeaderAlone(int length)
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Header(length));

        FrameReadStatus status = FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out int declared);

        Assert.Equal(FrameReadStatus.InvalidLength, status);
        Assert.Equal(length, declared);
        Assert.True(body.IsEmpty);
        Assert.Equal(buffer.Start, consumed);
    }

    [Fact]
    public void TryReadFrame_LengthAboveMaxWithOnlyHeaderPresent_ReturnsTooLarge()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Header(FrameCodec.DefaultMaxFrameLength + 1));

        FrameReadStatus status = FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out _, out SequencePosition consumed, out int declared);

        Assert.Equal(FrameReadStatus.TooLarge, status);
        Assert.Equal(FrameCodec.DefaultMaxFrameLength + 1, declared);
        Assert.Equal(buffer.Start, consumed);
    }

    [Fact]
    public void TryReadFrame_LengthAboveMaxWithHeaderSplitAcrossSegments_ReturnsTooLarge()
    {
        ReadOnlySequence<byte> buffer = Segments.SplitAt(Frames.Header(int.MaxValue), 1, 3);

        FrameReadStatus status = FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out _, out _, out int declared);

        Assert.Equal(FrameReadStatus.TooLarge, status);
        Assert.Equal(int.MaxValue, declared);
    }

    [Fact]
    public void TryReadFrame_LengthEqualToMax_ReturnsFrame()
    {
        byte[] body = new byte[FrameCodec.DefaultMaxFrameLength];
        body.AsSpan().Fill((byte)'a');
        var buffer = new ReadOnlySequence<byte>(Frames.Frame(body));

        FrameReadStatus status = FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> read, out SequencePosition consumed, out int declared);

        Assert.Equal(FrameReadStatus.Frame, status);
        Assert.Equal(FrameCodec.DefaultMaxFrameLength, declared);
        Assert.Equal(FrameCodec.DefaultMaxFrameLength, read.Length);
        Assert.Equal(buffer.End, consumed);
    }

    [Fact]
    public void TryReadFrame_CustomMax_AcceptsMaxAndRejectsOneMore()
    {
        var atMax = new ReadOnlySequence<byte>(Frames.Frame("0123456789"));
        var aboveMax = new ReadOnlySequence<byte>(Frames.Header(11));

        Assert.Equal(FrameReadStatus.Frame, FrameCodec.TryReadFrame(atMax, 10, out _, out _, out _));
        Assert.Equal(FrameReadStatus.TooLarge, FrameCodec.TryReadFrame(aboveMax, 10, out _, out _, out _));
    }

    [Fact]
    public void TryReadFrame_TruncatedFrame_StaysIncompleteAndConsumesNothing()
    {
        byte[] frame = Frames.Frame("0123456789");

        for (int present = 0; present < frame.Length; present++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, present);

            FrameReadStatus status = FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out int declared);

            Assert.Equal(FrameReadStatus.Incomplete, status);
            Assert.Equal(buffer.Start, consumed);
            Assert.True(body.IsEmpty);
            Assert.Equal(present >= FrameCodec.HeaderLength ? 10 : 0, declared);
        }
    }

    [Fact]
    public void TryReadFrame_SingleSegment_BodyIsASliceOfTheInputArray()
    {
        byte[] stream = [.. Frames.Frame("abc"), .. Frames.Frame("defg")];
        var buffer = new ReadOnlySequence<byte>(stream);

        FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> first, out SequencePosition consumed, out _);
        FrameCodec.TryReadFrame(buffer.Slice(consumed), FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> second, out _, out _);

        Assert.True(MemoryMarshal.TryGetArray(first.First, out ArraySegment<byte> firstArray));
        Assert.True(MemoryMarshal.TryGetArray(second.First, out ArraySegment<byte> secondArray));
        Assert.Same(stream, firstArray.Array);
        Assert.Equal(4, firstArray.Offset);
        Assert.Same(stream, secondArray.Array);
        Assert.Equal(11, secondArray.Offset);
        Assert.Equal("abc", Frames.Text(first));
        Assert.Equal("defg", Frames.Text(second));
    }

    [Fact]
    public void TryReadFrame_BodySpansSegments_BodyIsASliceOfTheSegments()
    {
        byte[] frame = Frames.Frame("hello world");
        ReadOnlySequence<byte> buffer = Segments.SplitAt(frame, 2, 9);

        FrameReadStatus status = FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out _);

        Assert.Equal(FrameReadStatus.Frame, status);
        Assert.False(body.IsSingleSegment);
        Assert.Same(buffer.Slice(2).Start.GetObject(), body.Start.GetObject());
        Assert.Equal("hello world", Frames.Text(body));
        Assert.Equal(buffer.End, consumed);
    }

    [Fact]
    public void TryReadFrame_MaxNotPositive_Throws()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Frame("x"));

        Assert.Throws<ArgumentOutOfRangeException>(() => FrameCodec.TryReadFrame(buffer, 0, out _, out _, out _));
    }

    [Fact]
    public void WriteFrame_Body_WritesBigEndianLengthThenBody()
    {
        var writer = new ArrayBufferWriter<byte>();

        FrameCodec.WriteFrame(writer, "héllo"u8);

        Assert.Equal([0, 0, 0, 6, .. "héllo"u8.ToArray()], writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteFrame_LargeBody_LengthUsesAllFourBytes()
    {
        var writer = new ArrayBufferWriter<byte>();
        byte[] body = new byte[0x01_02_03];

        FrameCodec.WriteFrame(writer, body);

        Assert.Equal(new byte[] { 0x00, 0x01, 0x02, 0x03 }, writer.WrittenSpan[..4].ToArray());
        Assert.Equal(4 + body.Length, writer.WrittenCount);
    }

    private static int[] FrameEnds()
    {
        var ends = new int[Bodies.Length];
        int end = 0;
        for (int i = 0; i < Bodies.Length; i++)
        {
            end += FrameCodec.HeaderLength + Encoding.UTF8.GetByteCount(Bodies[i]);
            ends[i] = end;
        }

        return ends;
    }

    // Mimics a pipe read loop: the buffer is what arrived minus what was consumed.
    private static List<string> ReadAvailable(List<byte[]> received, ref long consumedOffset)
    {
        ReadOnlySequence<byte> buffer = Segments.Chain([.. received]).Slice(consumedOffset);
        var read = new List<string>();
        while (FrameCodec.TryReadFrame(buffer, FrameCodec.DefaultMaxFrameLength, out ReadOnlySequence<byte> body, out SequencePosition consumed, out _) == FrameReadStatus.Frame)
        {
            read.Add(Frames.Text(body));
            consumedOffset += buffer.Slice(0, consumed).Length;
            buffer = buffer.Slice(consumed);
        }

        return read;
    }
}
