using System.Threading.Tasks.Sources;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// One client's reusable wake-up: awaiting it allocates nothing, so thousands of clients can sleep
/// between heartbeats at no cost beyond their place in the <see cref="DelayScheduler"/> queue.
/// A waiter is armed by one caller at a time.
/// </summary>
internal sealed class DelayWaiter : IValueTaskSource<bool>
{
    // Asynchronous continuations: the scheduler's tick wakes many clients and must not run their
    // sends inline.
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    public ValueTask<bool> Arm()
    {
        _core.Reset();
        return new ValueTask<bool>(this, _core.Version);
    }

    /// <summary>Wakes the awaiting client: true when its time came, false when the run is stopping.</summary>
    public void Complete(bool due) => _core.SetResult(due);

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
