using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Tests.Core.TestGrains;
using Xunit;

namespace SessionGrid.Runtime.Tests.Core;

public sealed class IdleCollectionTests
{
    private static readonly TimeSpan Age = TimeSpan.FromMinutes(10);

    private static Task<TestSilo> StartAsync() => TestSilo.StartAsync(o =>
    {
        o.CollectionAge = Age;
        o.CollectionQuantum = TimeSpan.FromMinutes(1);
    });

    [Fact]
    public async Task IdleActivation_PastCollectionAge_IsDeactivatedForIdleCollection()
    {
        await using var silo = await StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("idle");
        await grain.PingAsync();
        var activation = silo.GetActivation(TestGrain.GrainType, "idle");
        await silo.SettleAsync(TestGrain.GrainType, "idle");

        silo.Time.Advance(Age + TimeSpan.FromMinutes(2));
        await activation.WhenDeactivated.WaitAsync(TestTimeouts.Default);

        Assert.Contains("participant-deactivating:idle:IdleCollection", silo.Probe.Events);
        Assert.Contains("deactivate:idle:IdleCollection", silo.Probe.Events);
        Assert.Equal(0, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task IdleActivation_BeforeCollectionAge_IsKept()
    {
        await using var silo = await StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("young");
        await grain.PingAsync();

        silo.Time.Advance(Age - TimeSpan.FromMinutes(1));

        var activation = silo.GetActivation(TestGrain.GrainType, "young");
        Assert.False(activation.IsDeactivationRequested);
        Assert.Equal(ActivationState.Valid, activation.State);
    }

    [Fact]
    public async Task KeepAlive_WhileSet_PreventsCollection_AndClearingItRestartsTheClock()
    {
        await using var silo = await StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("kept");
        await grain.SetKeepAliveAsync(true);
        var activation = silo.GetActivation(TestGrain.GrainType, "kept");
        Assert.Equal(0, silo.Collector.TrackedCount);

        silo.Time.Advance(Age * 3);
        Assert.False(activation.IsDeactivationRequested);

        await grain.SetKeepAliveAsync(false);
        await silo.SettleAsync(TestGrain.GrainType, "kept");
        Assert.Equal(1, silo.Collector.TrackedCount);
        silo.Time.Advance(Age - TimeSpan.FromMinutes(1));
        Assert.False(activation.IsDeactivationRequested);

        silo.Time.Advance(TimeSpan.FromMinutes(3));
        await activation.WhenDeactivated.WaitAsync(TestTimeouts.Default);
        Assert.Contains("deactivate:kept:IdleCollection", silo.Probe.Events);
    }

    [Fact]
    public async Task PendingKeepAliveTimer_PreventsCollection()
    {
        await using var silo = await StartAsync();
        var grain = silo.Factory.GetGrain<ITimerGrain>("timer-kept");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromHours(2), Timeout.InfiniteTimeSpan, KeepAlive: true));
        var activation = silo.GetActivation(TimerGrain.GrainType, "timer-kept");

        silo.Time.Advance(Age * 3);

        Assert.False(activation.IsDeactivationRequested);
        Assert.Equal(ActivationState.Valid, activation.State);
    }

    [Fact]
    public async Task TimerWithoutKeepAlive_DoesNotPreventCollection()
    {
        await using var silo = await StartAsync();
        var grain = silo.Factory.GetGrain<ITimerGrain>("timer-loose");
        await grain.StartTimerAsync(new TimerSpec(TimeSpan.FromHours(2), Timeout.InfiniteTimeSpan, KeepAlive: false));
        var activation = silo.GetActivation(TimerGrain.GrainType, "timer-loose");
        await silo.SettleAsync(TimerGrain.GrainType, "timer-loose");

        silo.Time.Advance(Age + TimeSpan.FromMinutes(2));

        await activation.WhenDeactivated.WaitAsync(TestTimeouts.Default);
        Assert.Contains("deactivate:timer-loose:IdleCollection", silo.Probe.Events);
        Assert.Equal(0, silo.Wheel.Count);
    }

    [Fact]
    public async Task Call_ResetsTheIdleClock()
    {
        await using var silo = await StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("busy");
        await grain.PingAsync();
        var activation = silo.GetActivation(TestGrain.GrainType, "busy");
        await silo.SettleAsync(TestGrain.GrainType, "busy");

        silo.Time.Advance(TimeSpan.FromMinutes(8));
        await grain.PingAsync();
        await silo.SettleAsync(TestGrain.GrainType, "busy");
        silo.Time.Advance(TimeSpan.FromMinutes(8));

        // 16 minutes since activation, 8 since the last call: still here.
        Assert.False(activation.IsDeactivationRequested);

        silo.Time.Advance(TimeSpan.FromMinutes(4));
        await activation.WhenDeactivated.WaitAsync(TestTimeouts.Default);
        Assert.Contains("deactivate:busy:IdleCollection", silo.Probe.Events);
    }

    [Fact]
    public async Task Collector_KeptAliveActivations_AreNotInAnyBucket()
    {
        await using var silo = await StartAsync();
        for (var i = 0; i < 100; i++)
        {
            await silo.Factory.GetGrain<ITestGrain>($"session-{i}").SetKeepAliveAsync(true);
        }

        await silo.Factory.GetGrain<ITestGrain>("loose").PingAsync();
        await silo.SettleAsync(TestGrain.GrainType, "loose");

        // Only the one activation that may become idle costs the collector anything.
        Assert.Equal(1, silo.Collector.TrackedCount);
        silo.Time.Advance(Age + TimeSpan.FromMinutes(2));
        await silo.GetActivation(TestGrain.GrainType, "loose").WhenDeactivated.WaitAsync(TestTimeouts.Default);
        Assert.Equal(100, silo.Catalog.ActivationCount);
    }
}
