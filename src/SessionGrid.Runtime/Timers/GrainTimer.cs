using System.Runtime.CompilerServices;
using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Timers;

/// <summary>
/// A grain timer: an entry of the silo wheel and, when it fires, the work item queued as a turn of
/// its activation (the same object every tick, so a tick allocates nothing).
/// </summary>
/// <remarks>
/// States (see <see cref="TimingWheelEntry"/>): Idle -> Armed (in the wheel) -> Fired (tick queued
/// or running) -> Armed again when periodic, once the callback's turn has completed (ticks never
/// overlap), or Idle. A <see cref="Change"/> while Fired is remembered and applied after the tick.
/// Periodic re-arming counts from the end of the callback. A period of zero or infinite means one shot.
/// </remarks>
internal sealed class GrainTimer<TState> : TimingWheelEntry, IGrainTimer, IGrainWorkItem
{
    private readonly ActivationData _activation;
    private readonly TimingWheel _wheel;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly bool _keepAlive;
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private long _changedDueTick;
    private bool _changedWhileFired;
    private CancellationTokenSource? _cancellation;

    public GrainTimer(ActivationData activation, TimingWheel wheel, Func<TState, CancellationToken, Task> callback, TState state, bool keepAlive)
    {
        _activation = activation;
        _wheel = wheel;
        _callback = callback;
        _state = state;
        _keepAlive = keepAlive;
    }

    private bool IsPeriodic => _period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero;

    internal static void ValidateArguments(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be zero or more, or Timeout.InfiniteTimeSpan.");
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidateArguments(dueTime, period);
        var dueTick = dueTime == Timeout.InfiniteTimeSpan ? -1 : _wheel.DueTickAfter(dueTime);

        // The heartbeat path: same period, deadline pushed later -> one field write, no lock.
        if (dueTick >= 0 && period == _period && TimingWheel.TryPushLater(this, dueTick))
        {
            return;
        }

        lock (_wheel.SyncRoot)
        {
            _period = period;
            switch (State)
            {
                case Disposed:
                    return;
                case Fired:
                    _changedDueTick = dueTick;
                    _changedWhileFired = true;
                    return;
                case Armed when dueTick < 0:
                    _wheel.Remove(this);
                    ReleaseKeepAlive();
                    return;
                case Armed:
                    _wheel.Schedule(this, dueTick);
                    return;
                default:
                    if (dueTick >= 0)
                    {
                        AcquireKeepAlive();
                        _wheel.Schedule(this, dueTick);
                    }

                    return;
            }
        }
    }

    public void Dispose()
    {
        lock (_wheel.SyncRoot)
        {
            var state = State;
            if (state == Disposed)
            {
                return;
            }

            if (state == Armed)
            {
                _wheel.Remove(this);
            }

            if (state is Armed or Fired)
            {
                ReleaseKeepAlive();
            }

            Volatile.Write(ref State, Disposed);
        }

        try
        {
            _cancellation?.Cancel();
        }
        catch (AggregateException)
        {
            // A registration on the callback's token threw; the timer is disposed regardless.
        }

        _activation.RemoveTimer(this);
    }

    internal override void OnFired() => _activation.ScheduleTurn(this);

    public ValueTask ExecuteAsync(IGrainContext context)
    {
        if (Volatile.Read(ref State) != Fired)
        {
            return default;
        }

        // Created on the first tick only: most session timers are pushed forever and never tick.
        var cancellation = _cancellation ??= new CancellationTokenSource();
        Task pending;
        try
        {
            pending = _callback(_state, cancellation.Token);
        }
        catch (Exception e)
        {
            pending = Task.FromException(e);
        }

        // A callback that finished synchronously costs no state machine.
        if (pending.IsCompletedSuccessfully)
        {
            Rearm();
            return default;
        }

        return AwaitAsync(pending);
    }

    public void OnDropped(Exception reason) => Dispose();

    public override string ToString() => $"timer tick {_callback.Method.Name}";

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(Task pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TimerLog.CallbackFailed(_wheel.Logger, _activation.GrainId, e);
        }

        Rearm();
    }

    private void Rearm()
    {
        lock (_wheel.SyncRoot)
        {
            if (State != Fired)
            {
                return;
            }

            var next = -1L;
            if (_changedWhileFired)
            {
                _changedWhileFired = false;
                next = _changedDueTick;
            }
            else if (IsPeriodic)
            {
                next = _wheel.DueTickAfter(_period);
            }

            if (next >= 0)
            {
                _wheel.Schedule(this, next);
            }
            else
            {
                Volatile.Write(ref State, Idle);
                ReleaseKeepAlive();
            }
        }
    }

    private void AcquireKeepAlive()
    {
        if (_keepAlive)
        {
            _activation.AcquireKeepAliveTimer();
        }
    }

    private void ReleaseKeepAlive()
    {
        if (_keepAlive)
        {
            _activation.ReleaseKeepAliveTimer();
        }
    }
}
