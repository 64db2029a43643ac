using SessionGrid.Tool.LoadGen;

namespace SessionGrid.Tool.Tests.LoadGen;

/// <summary>The one timer every client sleeps on.</summary>
public sealed class DelaySchedulerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Waits_QueuedOutOfOrder_EachWokenAtOrAfterItsDueTime()
    {
        await using var scheduler = new DelayScheduler(TimeSpan.FromMilliseconds(5));
        var start = DelayScheduler.Now;
        var sleepers = new[] { 0.15, 0.05, 0.10, 0.05 }.Select(async seconds =>
        {
            var due = DelayScheduler.After(start, seconds);
            var woken = await scheduler.WaitUntilAsync(new DelayWaiter(), due).AsTask().WaitAsync(Guard);
            return (woken, early: DelayScheduler.Now < due);
        }).ToArray();

        var results = await Task.WhenAll(sleepers);

        Assert.All(results, r => Assert.Equal((true, false), r));
    }

    [Fact]
    public async Task Stop_WakesEverySleeperWithFalseAndRefusesLaterWaits()
    {
        await using var scheduler = new DelayScheduler(TimeSpan.FromMilliseconds(5));
        var sleepers = Enumerable.Range(0, 100).Select(_ => scheduler.WaitUntilAsync(new DelayWaiter(), long.MaxValue).AsTask()).ToArray();

        scheduler.Stop();

        Assert.All(await Task.WhenAll(sleepers).WaitAsync(Guard), Assert.False);
        Assert.False(await scheduler.WaitUntilAsync(new DelayWaiter(), DelayScheduler.Now + 1));
    }

    [Fact]
    public async Task OneWaiter_ReusedForManySleeps()
    {
        await using var scheduler = new DelayScheduler(TimeSpan.FromMilliseconds(1));
        var waiter = new DelayWaiter();

        for (var i = 0; i < 20; i++)
        {
            Assert.True(await scheduler.WaitUntilAsync(waiter, DelayScheduler.After(DelayScheduler.Now, 0.002)).AsTask().WaitAsync(Guard));
        }

        Assert.True(await scheduler.WaitUntilAsync(waiter, DelayScheduler.Now));
    }

    [Fact]
    public void After_HugeDelay_SaturatesInsteadOfOverflowing()
    {
        Assert.Equal(long.MaxValue, DelayScheduler.After(DelayScheduler.Now, double.MaxValue));
    }
}
