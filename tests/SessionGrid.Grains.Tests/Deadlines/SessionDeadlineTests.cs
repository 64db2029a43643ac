using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrid.Grains.Deadlines;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests.Deadlines;

/// <summary>A session's deadline on the silo's wheel, with the wheel ticked by a manual clock (1 s resolution).</summary>
public sealed class SessionDeadlineTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly TimingWheel _wheel;
    private readonly RecordingDeadlineTarget _target;
    private readonly DateTimeOffset _start;

    public SessionDeadlineTests()
    {
        _wheel = new TimingWheel(_time, Options.Create(new TimerWheelOptions { Resolution = TimeSpan.FromSeconds(1), SlotCount = 64 }), NullLogger<TimingWheel>.Instance);
        _wheel.Start();
        _target = new RecordingDeadlineTarget(_time);
        _start = _time.GetUtcNow();
    }

    public void Dispose() => _wheel.Dispose();

    [Fact]
    public void Arm_Due_FiresOnceAtItsDeadlineAndCallsTheTargetWithItsKind()
    {
        var deadline = NewDeadline(DeadlineKind.Miss);

        deadline.Arm(TimeSpan.FromSeconds(5));
        Assert.True(deadline.IsArmed);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(_target.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((DeadlineKind.Miss, _start.AddSeconds(5)), Assert.Single(_target.Calls));
        Assert.False(deadline.IsArmed);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(_target.Calls);
        Assert.Equal(0, _wheel.Count);
    }

    [Fact]
    public void Arm_FractionOfATick_RoundsUpAndNeverFiresEarly()
    {
        var deadline = NewDeadline(DeadlineKind.Flush);

        deadline.Arm(TimeSpan.FromMilliseconds(1500));
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Empty(_target.Calls);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(DeadlineKind.Flush, Assert.Single(_target.Calls).Kind);
    }

    [Fact]
    public void Arm_NegativeDue_FiresOnTheNextTick()
    {
        var deadline = NewDeadline(DeadlineKind.Leave);

        deadline.Arm(TimeSpan.FromSeconds(-30));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((DeadlineKind.Leave, _start.AddSeconds(1)), Assert.Single(_target.Calls));
    }

    [Fact]
    public void Arm_LaterWhileArmed_OnlyMovesTheDeadlineAndFiresAtTheNewTime()
    {
        var deadline = NewDeadline(DeadlineKind.Miss);
        deadline.Arm(TimeSpan.FromSeconds(10));
        var slot = deadline.SlotTick;

        deadline.Arm(TimeSpan.FromSeconds(25));

        // The lock-free path: the entry stays in its slot; the wheel re-slots it when it gets there.
        Assert.Equal(slot, deadline.SlotTick);
        Assert.Equal(_wheel.DueTickAfter(TimeSpan.FromSeconds(25)), deadline.DueTick);
        Assert.Equal(1, _wheel.Count);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(_target.Calls);
        Assert.Equal(1, _wheel.MovedTotal);
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(_start.AddSeconds(25), Assert.Single(_target.Calls).At);
    }

    [Fact]
    public void Arm_EarlierWhileArmed_MovesItEarlier()
    {
        var deadline = NewDeadline(DeadlineKind.Miss);
        deadline.Arm(TimeSpan.FromSeconds(20));

        deadline.Arm(TimeSpan.FromSeconds(3));
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(_start.AddSeconds(3), Assert.Single(_target.Calls).At);
        Assert.Equal(0, _wheel.Count);
    }

    [Fact]
    public void Arm_AfterItFired_FiresAgain()
    {
        var deadline = NewDeadline(DeadlineKind.Flush);
        deadline.Arm(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        deadline.Arm(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([_start.AddSeconds(2), _start.AddSeconds(4)], _target.Calls.Select(c => c.At));
    }

    [Fact]
    public void Disarm_Armed_NeverFires()
    {
        var kept = NewDeadline(DeadlineKind.Miss);
        var disarmed = NewDeadline(DeadlineKind.Leave);
        kept.Arm(TimeSpan.FromSeconds(3));
        disarmed.Arm(TimeSpan.FromSeconds(3));

        disarmed.Disarm();
        disarmed.Disarm();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(DeadlineKind.Miss, Assert.Single(_target.Calls).Kind);
        Assert.False(disarmed.IsArmed);
    }

    [Fact]
    public void Dispose_ThenArm_NeverFires()
    {
        var deadline = NewDeadline(DeadlineKind.Miss);
        deadline.Arm(TimeSpan.FromSeconds(3));

        deadline.Dispose();
        deadline.Arm(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(_target.Calls);
        Assert.Equal(0, _wheel.Count);
    }

    [Fact]
    public void Dispose_AfterItFired_ItsOwnerCanNeverArmItAgain()
    {
        // How a session lets go of its flush deadline once it has written.
        var deadline = NewDeadline(DeadlineKind.Flush);
        deadline.Arm(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        deadline.Dispose();
        deadline.Arm(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(_start.AddSeconds(2), Assert.Single(_target.Calls).At);
        Assert.Equal(0, _wheel.Count);
    }

    [Fact]
    public void HeldDeadlines_CountsEachDeadlineFromItsMakingUntilItsFirstDispose()
    {
        var fired = NewDeadline(DeadlineKind.Flush);
        var idle = NewDeadline(DeadlineKind.Miss);
        fired.Arm(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _wheel.HeldDeadlines);

        fired.Dispose();
        fired.Dispose();
        Assert.Equal(1, _wheel.HeldDeadlines);

        idle.Dispose();
        Assert.Equal(0, _wheel.HeldDeadlines);
    }

    [Fact]
    public void OnFired_TargetFails_WheelKeepsFiringOtherDeadlines()
    {
        var failing = new RecordingDeadlineTarget(_time) { Failure = new InvalidOperationException("activation gone") };
        var first = new SessionDeadline(_wheel, failing, "s-failing", DeadlineKind.Miss);
        var second = NewDeadline(DeadlineKind.Miss);
        first.Arm(TimeSpan.FromSeconds(1));
        second.Arm(TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Single(failing.Calls);
        Assert.Single(_target.Calls);
    }

    private SessionDeadline NewDeadline(DeadlineKind kind) => new(_wheel, _target, "s1", kind);
}
