using System.Threading.Channels;

namespace SessionGrid.Client.Internal;

/// <summary>
/// Raises the client's events one at a time, in order, on a task of their own: a slow handler does not
/// hold up heartbeats, no handler runs under a lock of the client, and one that throws is counted, not fatal.
/// </summary>
internal sealed class EventDispatcher
{
    private readonly Channel<Action> _queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<Exception> _onHandlerFailure;
    private readonly Lazy<Task> _pump;

    public EventDispatcher(Action<Exception> onHandlerFailure)
    {
        _onHandlerFailure = onHandlerFailure;
        _pump = new Lazy<Task>(() => Task.Run(PumpAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Queues <paramref name="raise"/>; ignored once <see cref="CompleteAsync"/> was called.</summary>
    public void Post(Action raise)
    {
        if (_queue.Writer.TryWrite(raise))
        {
            _ = _pump.Value;
        }
    }

    /// <summary>Accepts no more events and waits until the queued ones were raised.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _pump.Value;
    }

    private async Task PumpAsync()
    {
        await foreach (var raise in _queue.Reader.ReadAllAsync())
        {
            try
            {
                raise();
            }
            catch (Exception ex)
            {
                _onHandlerFailure(ex);
            }
        }
    }
}
