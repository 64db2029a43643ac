using System.Buffers;

namespace SessionGrid.Benchmarks;

/// <summary>Chains arrays into one sequence, the shape a pipe hands over when a frame arrives in pieces.</summary>
internal sealed class CodecSegment : ReadOnlySequenceSegment<byte>
{
    private CodecSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>Cuts <paramref name="data"/> at the given ascending offsets, one segment per piece.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        int[] bounds = [0, .. cuts, data.Length];
        var first = new CodecSegment(data.AsMemory(0, bounds[1]), 0);
        CodecSegment last = first;
        for (int i = 1; i < bounds.Length - 1; i++)
        {
            var next = new CodecSegment(data.AsMemory(bounds[i], bounds[i + 1] - bounds[i]), bounds[i]);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
