namespace SessionGrid.Sink.Connections;

/// <summary>
/// What the sink has seen. Frames and bytes are added once per socket read, not per frame: the sink
/// is the floor the silo is compared against, so it does the least a frame counter can do.
/// </summary>
public sealed class SinkCounters
{
    private long _frames;
    private long _bytes;
    private long _open;
    private long _accepted;
    private long _violations;
    private long _truncated;

    public long Frames => Interlocked.Read(ref _frames);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long ConnectionsOpen => Interlocked.Read(ref _open);

    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections closed for a frame header declaring a length &lt;= 0 or above the limit.</summary>
    public long Violations => Interlocked.Read(ref _violations);

    /// <summary>Connections whose peer closed in the middle of a frame.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    public SinkStats Snapshot() => new(Frames, Bytes, ConnectionsOpen, ConnectionsAccepted, Violations, Truncated);

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _open);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _open);

    internal void Add(long frames, long bytes)
    {
        if (frames == 0)
        {
            return;
        }

        Interlocked.Add(ref _frames, frames);
        Interlocked.Add(ref _bytes, bytes);
    }

    internal void Violation() => Interlocked.Increment(ref _violations);

    internal void TruncatedFrame() => Interlocked.Increment(ref _truncated);
}
