namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>
/// The way SessionGrid does not do it: an Orleans grain timer per activation for the miss deadline,
/// registered at activation and moved later (<see cref="IGrainTimer.Change"/>) by every heartbeat.
/// </summary>
public sealed class TimerDeadlineBenchGrain : Grain, ITimerDeadlineBenchGrain
{
    private IGrainTimer? _timer;
    private long _heartbeats;
    private int _misses;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _timer = this.RegisterGrainTimer(
            static (grain, _) => grain.OnMissAsync(),
            this,
            new GrainTimerCreationOptions(DeadlineBench.MissAfter, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public ValueTask HeartbeatAsync()
    {
        _heartbeats++;
        _timer!.Change(DeadlineBench.MissAfter, Timeout.InfiniteTimeSpan);
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> GetMissesAsync() => ValueTask.FromResult(_misses);

    private Task OnMissAsync()
    {
        _misses++;
        return Task.CompletedTask;
    }
}
