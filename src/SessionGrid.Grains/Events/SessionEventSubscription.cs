using System.Threading.Channels;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Events;

/// <summary>
/// One reader of the <see cref="SessionEventHub"/>: the matching events in order. A reader that falls
/// more than the capacity behind loses the oldest (<see cref="Dropped"/> counts them): a slow client must
/// not hold memory or slow the feed for everyone.
/// </summary>
public sealed class SessionEventSubscription : IDisposable
{
    private readonly SessionEventHub _hub;
    private readonly SessionEventFilter _filter;
    private readonly Channel<SessionEvent> _channel;
    private long _dropped;

    internal SessionEventSubscription(SessionEventHub hub, SessionEventFilter filter, int capacity)
    {
        _hub = hub;
        _filter = filter;
        _channel = Channel.CreateBounded<SessionEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<SessionEvent> Reader => _channel.Reader;

    /// <summary>Events dropped because this reader was too far behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Offer(SessionEvent item)
    {
        if (_filter.Matches(item))
        {
            _channel.Writer.TryWrite(item);
        }
    }

    public void Dispose()
    {
        _hub.Remove(this);
        _channel.Writer.TryComplete();
    }
}
