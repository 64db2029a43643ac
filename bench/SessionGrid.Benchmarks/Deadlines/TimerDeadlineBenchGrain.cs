namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>
/// The way SessionGrid does not do it: an Orleans grain timer per activation for the miss deadline,
/// registered by the first heartbeat and moved later (<see cref="IGrainTimer.Change"/>) by every heartbeat.
/// </summary>
public sealed class TimerDeadlineBenchGrain : Grain, ITimerDeadlineBenchGrain
{
    private IGrainTimer? _timer;
    private long _heartbeats;
    private int _misses;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public ValueTask HeartbeatAsync(TimeSpan missAfter)
    {
        _heartbeats++;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(static (grain, _) => grain.OnMissAsync(), this, new GrainTimerCreationOptions(missAfter, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _timer.Change(missAfter, Timeout.InfiniteTimeSpan);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int> GetMissesAsync() => ValueTask.FromResult(_misses);

    private Task OnMissAsync()
    {
        _misses++;
        return Task.CompletedTask;
    }
}
