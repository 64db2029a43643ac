using Microsoft.Extensions.Logging;

namespace SessionGrid.Grains.Deadlines;

/// <summary>
/// One deadline of one session activation in the silo's <see cref="TimingWheel"/>. Pushing it later (every
/// heartbeat pushes the miss deadline) is a lock-free field write; when it comes due the wheel calls
/// the grain once (<see cref="ISessionDeadlineTarget.OnDeadlineAsync"/>), which decides with its own clock
/// whether the deadline really passed. Owned by the activation: armed and disarmed in its turns only.
/// </summary>
internal sealed class SessionDeadline : TimingWheelEntry
{
    private readonly TimingWheel _wheel;
    private readonly ISessionDeadlineTarget _target;
    private readonly string _sessionId;
    private readonly DeadlineKind _kind;

    public SessionDeadline(TimingWheel wheel, ISessionDeadlineTarget target, string sessionId, DeadlineKind kind)
    {
        _wheel = wheel;
        _target = target;
        _sessionId = sessionId;
        _kind = kind;
        wheel.DeadlineMade();
    }

    public bool IsArmed => Volatile.Read(ref State) == Armed;

    /// <summary>Fires at or after <paramref name="due"/> from now (rounded up to the wheel's resolution, never early).</summary>
    public void Arm(TimeSpan due)
    {
        var dueTick = _wheel.DueTickAfter(due < TimeSpan.Zero ? TimeSpan.Zero : due);
        if (TimingWheel.TryPushLater(this, dueTick))
        {
            return;
        }

        lock (_wheel.SyncRoot)
        {
            if (State != Disposed)
            {
                _wheel.Schedule(this, dueTick);
            }
        }
    }

    public void Disarm() => _wheel.Remove(this);

    /// <summary>
    /// For good (the activation is going away, or lets go of a deadline it no longer needs): never fires
    /// again, and <see cref="Arm"/> does nothing. A fire already under way still reaches the grain once.
    /// </summary>
    public void Dispose()
    {
        lock (_wheel.SyncRoot)
        {
            if (State == Disposed)
            {
                return;
            }

            _wheel.Remove(this);
            Volatile.Write(ref State, Disposed);
            _wheel.DeadlineDisposed();
        }
    }

    internal override void OnFired()
    {
        lock (_wheel.SyncRoot)
        {
            // Re-armed between the wheel's pass and now: that newer schedule stands.
            if (State == Fired)
            {
                Volatile.Write(ref State, Idle);
            }
        }

        _ = DeliverAsync();
    }

    private async Task DeliverAsync()
    {
        try
        {
            await _target.OnDeadlineAsync(_kind);
        }
        catch (Exception ex)
        {
            DeadlineLog.DeliveryFailed(_wheel.Logger, _kind, _sessionId, ex);
        }
    }

    public override string ToString() => $"{_kind} deadline of session {_sessionId}";
}
