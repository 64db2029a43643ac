using System.Buffers;

namespace SessionGrid.Protocol;

/// <summary>
/// A bump allocator over one pooled array, reset per decode. Sized for the worst case of a decode
/// the first time it is touched, so it never grows while spans into it are alive.
/// </summary>
internal sealed class ScratchArena : IDisposable
{
    private byte[] _array = [];
    private int _used;
    private int _worstCase;
    private bool _sized;

    /// <summary>Starts a decode; spans handed out before are dead after this.</summary>
    public void Begin(int worstCase)
    {
        _used = 0;
        _worstCase = worstCase;
        _sized = false;
    }

    /// <summary>Free space of at least <paramref name="length"/> bytes; keep what was written with <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int length)
    {
        if (!_sized)
        {
            EnsureCapacity(_worstCase);
            _sized = true;
        }

        if (length > _array.Length - _used)
        {
            // The worst case given to Begin was wrong: a decoder bug, not bad input.
            throw new InvalidOperationException("Scratch arena overflow.");
        }

        return _array.AsSpan(_used, length);
    }

    /// <summary>Keeps the first <paramref name="written"/> bytes of the last reservation.</summary>
    public ReadOnlySpan<byte> Commit(int written)
    {
        ReadOnlySpan<byte> kept = _array.AsSpan(_used, written);
        _used += written;
        return kept;
    }

    public void Dispose()
    {
        byte[] array = _array;
        _array = [];
        _used = 0;
        _sized = false;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void EnsureCapacity(int capacity)
    {
        if (_array.Length >= capacity)
        {
            return;
        }

        byte[] old = _array;
        _array = ArrayPool<byte>.Shared.Rent(capacity);
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
