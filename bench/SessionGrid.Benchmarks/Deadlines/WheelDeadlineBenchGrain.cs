using SessionGrid.Grains.Deadlines;

namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>
/// The session grain's way: a <see cref="SessionDeadline"/> on the silo's <see cref="TimingWheel"/>, made at
/// activation, armed by the first heartbeat and pushed later by every heartbeat (a lock-free field write while it stays in its slot).
/// </summary>
public sealed class WheelDeadlineBenchGrain : Grain, IWheelDeadlineBenchGrain, ISessionDeadlineTarget
{
    private readonly TimingWheel _wheel;
    private SessionDeadline? _deadline;
    private long _heartbeats;
    private int _misses;

    public WheelDeadlineBenchGrain(TimingWheel wheel) => _wheel = wheel;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _deadline = new SessionDeadline(_wheel, this.AsReference<ISessionDeadlineTarget>(), this.GetPrimaryKeyString(), DeadlineKind.Miss);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deadline?.Dispose();
        return Task.CompletedTask;
    }

    public ValueTask HeartbeatAsync(TimeSpan missAfter)
    {
        _heartbeats++;
        _deadline!.Arm(missAfter);
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> GetMissesAsync() => ValueTask.FromResult(_misses);

    public Task OnDeadlineAsync(DeadlineKind kind)
    {
        _misses++;
        return Task.CompletedTask;
    }
}
