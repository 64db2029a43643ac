using SessionGrid.Runtime.Tests.Core;
using SessionGrid.Runtime.Tests.Core.TestGrains;
using Xunit;

namespace SessionGrid.Runtime.Tests.Timers;

public sealed class GrainTimerTests
{
    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    [Fact]
    public async Task Timer_DueTime_FiresAsATurnAtTheDueTimeAndNotBefore()
    {
        await using var silo = await TestSilo.StartAsync();
        var start = silo.Time.GetUtcNow();
        var grain = silo.Factory.GetGrain<ITimerGrain>("due");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(5), Once));

        silo.Time.Advance(TimeSpan.FromMilliseconds(4_900));
        Assert.Equal(0, (await grain.GetReportAsync()).Ticks);

        silo.Time.Advance(TimeSpan.FromMilliseconds(100));
        await silo.Probe.WaitForAsync("tick:due:1");

        Assert.Equal([start.AddSeconds(5)], (await grain.GetReportAsync()).TickTimes);
    }

    [Fact]
    public async Task Timer_DueBetweenTicks_FiresWithinOneResolutionAfterDue()
    {
        await using var silo = await TestSilo.StartAsync();
        var start = silo.Time.GetUtcNow();
        var grain = silo.Factory.GetGrain<ITimerGrain>("fraction");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromMilliseconds(2_500), Once));

        silo.Time.Advance(TimeSpan.FromMilliseconds(2_900));
        Assert.Equal(0, (await grain.GetReportAsync()).Ticks);

        silo.Time.Advance(TimeSpan.FromMilliseconds(100));
        await silo.Probe.WaitForAsync("tick:fraction:1");
        var fired = Assert.Single((await grain.GetReportAsync()).TickTimes);
        Assert.InRange(fired - start, TimeSpan.FromMilliseconds(2_500), TimeSpan.FromMilliseconds(3_500));
    }

    [Fact]
    public async Task Timer_ChangeLater_IsLazyAndFiresAtTheNewTimeOnly()
    {
        await using var silo = await TestSilo.StartAsync();
        var start = silo.Time.GetUtcNow();
        var grain = silo.Factory.GetGrain<ITimerGrain>("later");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(10), Once));

        silo.Time.Advance(TimeSpan.FromSeconds(5));
        await grain.ChangeTimerAsync(TimeSpan.FromSeconds(10), Once);
        Assert.Equal(0, silo.Wheel.MovedTotal);

        // The wheel reaches the old slot: the timer moves instead of firing.
        silo.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, silo.Wheel.MovedTotal);
        silo.Time.Advance(TimeSpan.FromMilliseconds(4_900));
        Assert.Equal(0, (await grain.GetReportAsync()).Ticks);

        silo.Time.Advance(TimeSpan.FromMilliseconds(100));
        await silo.Probe.WaitForAsync("tick:later:1");
        Assert.Equal([start.AddSeconds(15)], (await grain.GetReportAsync()).TickTimes);
    }

    [Fact]
    public async Task Timer_ChangeEarlier_FiresAtTheEarlierTime()
    {
        await using var silo = await TestSilo.StartAsync();
        var start = silo.Time.GetUtcNow();
        var grain = silo.Factory.GetGrain<ITimerGrain>("earlier");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(30), Once));

        await grain.ChangeTimerAsync(TimeSpan.FromSeconds(3), Once);
        silo.Time.Advance(TimeSpan.FromSeconds(3));

        await silo.Probe.WaitForAsync("tick:earlier:1");
        Assert.Equal([start.AddSeconds(3)], (await grain.GetReportAsync()).TickTimes);
        silo.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await grain.GetReportAsync()).Ticks);
    }

    [Fact]
    public async Task Timer_Disposed_NeverTicksAndLeavesTheWheel()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITimerGrain>("disposed");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)));
        Assert.Equal(1, silo.Wheel.Count);

        await grain.StopTimerAsync();
        silo.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, (await grain.GetReportAsync()).Ticks);
        Assert.Equal(0, silo.Wheel.Count);
    }

    [Fact]
    public async Task Timer_Periodic_TicksEveryPeriodAfterTheCallbackCompletes()
    {
        await using var silo = await TestSilo.StartAsync();
        var start = silo.Time.GetUtcNow();
        var grain = silo.Factory.GetGrain<ITimerGrain>("periodic");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));

        for (var i = 0; i < 4; i++)
        {
            silo.Time.Advance(i == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2));

            // The report call queues behind the tick, so the timer has re-armed when it returns.
            Assert.Equal(i + 1, (await grain.GetReportAsync()).Ticks);
        }

        Assert.Equal([start.AddSeconds(1), start.AddSeconds(3), start.AddSeconds(5), start.AddSeconds(7)], (await grain.GetReportAsync()).TickTimes);
    }

    [Fact]
    public async Task Timer_Periodic_SlowCallback_NextTickWaitsForItToFinish()
    {
        await using var silo = await TestSilo.StartAsync();
        var start = silo.Time.GetUtcNow();
        var grain = silo.Factory.GetGrain<ITimerGrain>("slowtick");
        var gate = silo.Probe.Gate("tick-gate");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Gate: "tick-gate"));
        var activation = silo.GetActivation(TimerGrain.GrainType, "slowtick");

        silo.Time.Advance(TimeSpan.FromSeconds(1));
        await silo.Probe.WaitForAsync("tick:slowtick:1");
        silo.Time.Advance(TimeSpan.FromSeconds(5));

        // While the first tick runs, the timer is out of the wheel: nothing else was queued.
        Assert.Equal(0, activation.QueuedCount);
        Assert.Equal(0, silo.Wheel.Count);

        gate.SetResult();
        Assert.Equal(1, (await grain.GetReportAsync()).Ticks);
        silo.Time.Advance(TimeSpan.FromSeconds(1));
        var report = await grain.GetReportAsync();
        Assert.Equal([start.AddSeconds(1), start.AddSeconds(7)], report.TickTimes);
        Assert.False(report.Overlapped);
    }

    [Fact]
    public async Task Timer_CallbackThrows_LogsAndKeepsTicking()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITimerGrain>("throwing");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Throw: true));

        silo.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await grain.GetReportAsync()).Ticks);
        silo.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await grain.GetReportAsync()).Ticks);

        Assert.Equal(2, silo.Logs.WithEventId(1100).Count);
    }

    [Fact]
    public async Task Timer_TickWhileACallRuns_WaitsForTheCallsTurn()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITimerGrain>("turns");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(1), Once));
        var activation = silo.GetActivation(TimerGrain.GrainType, "turns");
        var gate = silo.Probe.Gate("call-gate");

        var call = grain.BlockAsync("call-gate").AsTask();
        await silo.Probe.WaitForAsync("enter:call-gate");
        silo.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, activation.QueuedCount);
        Assert.Equal(0, silo.Probe.CountPrefix("tick:turns"));

        gate.SetResult();
        await call.WaitAsync(TestTimeouts.Default);
        await silo.Probe.WaitForAsync("tick:turns:1");
        Assert.False((await grain.GetReportAsync()).Overlapped);
    }

    [Fact]
    public async Task Timer_OneShotAlreadyFired_ChangeArmsItAgain()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITimerGrain>("rearm");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(1), Once));
        silo.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await grain.GetReportAsync()).Ticks);
        Assert.Equal(0, silo.Wheel.Count);

        await grain.ChangeTimerAsync(TimeSpan.FromSeconds(2), Once);
        silo.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(2, (await grain.GetReportAsync()).Ticks);
    }

    [Fact]
    public async Task Timer_AThousandGrainsPushingTheirTimersLater_NoCallbackEverRuns()
    {
        await using var silo = await TestSilo.StartAsync();
        var grains = Enumerable.Range(0, 1_000).Select(i => silo.Factory.GetGrain<ITimerGrain>($"hb-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(30), Once));
        }

        // Heartbeats every 10 s push a 30 s miss timer later; it must never fire.
        for (var round = 0; round < 9; round++)
        {
            silo.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAll(grains.Select(g => g.ChangeTimerAsync(TimeSpan.FromSeconds(30), Once).AsTask())).WaitAsync(TestTimeouts.Default);
        }

        Assert.Equal(0, silo.Probe.CountPrefix("tick:"));
        Assert.Equal(0, silo.Wheel.FiredTotal);
        Assert.Equal(1_000, silo.Wheel.Count);
    }
}
