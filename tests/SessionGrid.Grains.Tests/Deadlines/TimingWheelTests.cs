using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrid.Grains.Deadlines;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests.Deadlines;

public sealed class TimingWheelTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly List<(RecordingEntry Entry, DateTimeOffset At)> _fired = [];

    [Fact]
    public void Schedule_VariousDueTimes_FireAtOrAfterDueAndWithinOneResolution()
    {
        using var wheel = CreateWheel();
        wheel.Start();
        var start = _time.GetUtcNow();
        var dues = new[] { 0.0, 0.3, 1.0, 1.5, 2.0, 3.2, 17.0, 59.9 }.Select(TimeSpan.FromSeconds).ToArray();
        var entries = dues.Select(due => Schedule(wheel, due)).ToArray();

        for (var step = 0; step < 700; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(dues.Length, _fired.Count);
        for (var i = 0; i < dues.Length; i++)
        {
            var at = _fired.Single(f => f.Entry == entries[i]).At;
            Assert.InRange(at - start, dues[i], dues[i] + wheel.Resolution);
        }
    }

    [Fact]
    public void TryPushLater_LaterDeadline_IsOnlyAFieldWriteAndTheEntryFiresAtTheNewTime()
    {
        using var wheel = CreateWheel();
        wheel.Start();
        var start = _time.GetUtcNow();
        var entry = Schedule(wheel, TimeSpan.FromSeconds(10));

        Assert.True(TimingWheel.TryPushLater(entry, wheel.DueTickAfter(TimeSpan.FromSeconds(25))));
        Assert.Equal(10, entry.SlotTick);
        Assert.Equal(25, entry.DueTick);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(_fired);
        Assert.Equal(25, entry.SlotTick);
        Assert.Equal(1, wheel.MovedTotal);

        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(start.AddSeconds(25), Assert.Single(_fired).At);
    }

    [Fact]
    public void TryPushLater_EarlierThanItsSlot_IsRefusedAndScheduleMovesItEarlier()
    {
        using var wheel = CreateWheel();
        wheel.Start();
        var start = _time.GetUtcNow();
        var entry = Schedule(wheel, TimeSpan.FromSeconds(20));
        var earlier = wheel.DueTickAfter(TimeSpan.FromSeconds(4));

        Assert.False(TimingWheel.TryPushLater(entry, earlier));
        lock (wheel.SyncRoot)
        {
            wheel.Schedule(entry, earlier);
        }

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(start.AddSeconds(4), Assert.Single(_fired).At);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Remove_ArmedEntry_NeverFires()
    {
        using var wheel = CreateWheel();
        wheel.Start();
        var kept = Schedule(wheel, TimeSpan.FromSeconds(3));
        var removed = Schedule(wheel, TimeSpan.FromSeconds(3));

        Assert.True(wheel.Remove(removed));
        Assert.False(wheel.Remove(removed));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(kept, Assert.Single(_fired).Entry);
        Assert.Equal(TimingWheelEntry.Idle, removed.State);
    }

    [Fact]
    public void ProcessDue_AfterAStallLongerThanARevolution_CatchesUpAndFiresEverythingDue()
    {
        // 16 slots of 1 s: a revolution is 16 s. The wheel's own ITimer is never started here, so
        // the clock jumps 200 s with nothing processed, as after a long stall.
        using var wheel = CreateWheel(slotCount: 16);
        var dueSoon = Schedule(wheel, TimeSpan.FromSeconds(5));
        var dueLater = Schedule(wheel, TimeSpan.FromSeconds(20));
        var dueRoundsAway = Schedule(wheel, TimeSpan.FromSeconds(100));
        var notYet = Schedule(wheel, TimeSpan.FromSeconds(500));

        _time.Advance(TimeSpan.FromSeconds(200));
        wheel.ProcessDue();

        Assert.Equal(new[] { dueSoon, dueLater, dueRoundsAway }.ToHashSet(), _fired.Select(f => f.Entry).ToHashSet());
        Assert.Equal(1, wheel.Count);

        _time.Advance(TimeSpan.FromSeconds(299));
        wheel.ProcessDue();
        Assert.Equal(3, _fired.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        wheel.ProcessDue();
        Assert.Equal(notYet, _fired[^1].Entry);
    }

    [Fact]
    public void Schedule_MoreThanARevolutionAway_FiresAtItsDueTimeNotOnAnEarlierPass()
    {
        using var wheel = CreateWheel(slotCount: 16);
        wheel.Start();
        var start = _time.GetUtcNow();
        Schedule(wheel, TimeSpan.FromSeconds(40));

        for (var second = 1; second < 40; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Empty(_fired);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(start.AddSeconds(40), Assert.Single(_fired).At);
    }

    [Fact]
    public void HundredThousandEntries_PushedLaterEveryTenSeconds_NeverFire_AndOnlyOldSlotsCostAMove()
    {
        const int count = 100_000;
        using var wheel = CreateWheel();
        wheel.Start();
        var entries = Enumerable.Range(0, count).Select(_ => Schedule(wheel, TimeSpan.FromSeconds(30))).ToArray();

        const int rounds = 12;
        for (var round = 0; round < rounds; round++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            var due = wheel.DueTickAfter(TimeSpan.FromSeconds(30));
            foreach (var entry in entries)
            {
                Assert.True(TimingWheel.TryPushLater(entry, due));
            }
        }

        Assert.Empty(_fired);
        Assert.Equal(count, wheel.Count);

        // 1.2 million pushes; each entry moved only when the wheel reached its stale slot (every 20 s).
        Assert.InRange(wheel.MovedTotal, count, count * ((rounds / 2) + 1));

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(count, _fired.Count);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void ManyEntriesRevolutionsAway_WaitInTheOuterRing_CascadeOnceAndFireOnTime()
    {
        // 16 one-second slots: these entries are 10 to 11 revolutions away.
        using var wheel = CreateWheel(slotCount: 16);
        wheel.Start();
        var start = _time.GetUtcNow();
        var entries = Enumerable.Range(0, 1_000).Select(i => Schedule(wheel, TimeSpan.FromSeconds(160 + (i % 16)))).ToArray();

        _time.Advance(TimeSpan.FromSeconds(159));
        Assert.Empty(_fired);
        Assert.Equal(0, wheel.MovedTotal);

        // Each entry is touched once when its revolution starts: those due right then fire, the rest
        // move into the inner ring.
        _time.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal(entries.Length, _fired.Count);
        Assert.Equal(entries.Where((_, i) => i % 16 != 0).Count(), wheel.MovedTotal);
        Assert.All(_fired, f => Assert.Equal(start.AddSeconds(160 + (Array.IndexOf(entries, f.Entry) % 16)), f.At));
    }

    [Theory]
    [InlineData(20260101)]
    [InlineData(7)]
    [InlineData(424242)]
    [InlineData(99991)]
    public void RandomPushesLaterAndEarlier_EveryEntryFiresExactlyOnceOnItsDeadlineTick(int seed)
    {
        using var wheel = CreateWheel(slotCount: 16);
        wheel.Start();
        var random = new Random(seed);
        var start = _time.GetUtcNow();
        var entries = new RecordingEntry[500];
        var due = new long[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = Schedule(wheel, TimeSpan.FromSeconds(random.Next(0, 400)));
            due[i] = entries[i].DueTick;
        }

        for (var second = 0; second < 900; second++)
        {
            foreach (var i in Enumerable.Range(0, 20).Select(_ => random.Next(entries.Length)))
            {
                if (entries[i].State != TimingWheelEntry.Armed)
                {
                    continue;
                }

                var next = wheel.DueTickAfter(TimeSpan.FromSeconds(random.Next(0, 300)));
                if (!TimingWheel.TryPushLater(entries[i], next))
                {
                    wheel.Schedule(entries[i], next);
                }

                // A deadline on a tick already processed fires on the next one.
                due[i] = Math.Max(next, wheel.ProcessedTick + 1);
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        for (var second = 0; second < 300; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(entries.Length, _fired.Count);
        Assert.Equal(entries.Length, _fired.Select(f => f.Entry).Distinct().Count());
        for (var i = 0; i < entries.Length; i++)
        {
            var firedAt = _fired.Single(f => f.Entry == entries[i]).At;
            Assert.Equal(start.AddSeconds(Math.Max(due[i], 1)), firedAt);
        }
    }

    private TimingWheel CreateWheel(int slotCount = 4096)
        => new(_time, Options.Create(new TimerWheelOptions { Resolution = TimeSpan.FromSeconds(1), SlotCount = slotCount }), NullLogger<TimingWheel>.Instance);

    private RecordingEntry Schedule(TimingWheel wheel, TimeSpan due)
    {
        var entry = new RecordingEntry(this);
        wheel.Schedule(entry, wheel.DueTickAfter(due));
        return entry;
    }

    private sealed class RecordingEntry(TimingWheelTests owner) : TimingWheelEntry
    {
        internal override void OnFired()
        {
            lock (owner._fired)
            {
                owner._fired.Add((this, owner._time.GetUtcNow()));
            }
        }
    }
}
