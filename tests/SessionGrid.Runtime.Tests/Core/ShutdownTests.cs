using SessionGrid.Runtime.Tests.Core.TestGrains;
using Xunit;

namespace SessionGrid.Runtime.Tests.Core;

public sealed class ShutdownTests
{
    [Fact]
    public async Task StopAsync_DeactivatesEveryActivationForShuttingDown_AndLogsHowMany()
    {
        var silo = await TestSilo.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            await silo.Factory.GetGrain<ITestGrain>($"g{i}").PingAsync();
        }

        await silo.StopAsync();

        Assert.Equal(0, silo.Catalog.ActivationCount);
        for (var i = 0; i < 10; i++)
        {
            Assert.Contains($"participant-deactivating:g{i}:ShuttingDown", silo.Probe.Events);
            Assert.Contains($"deactivate:g{i}:ShuttingDown", silo.Probe.Events);
        }

        var stopped = Assert.Single(silo.Logs.WithEventId(1151));
        Assert.Contains("deactivated 10 activations", stopped.Message, StringComparison.Ordinal);
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_ThenCall_FailsInsteadOfActivating()
    {
        var silo = await TestSilo.StartAsync();
        await silo.StopAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Factory.GetGrain<ITestGrain>("late").PingAsync().AsTask());

        Assert.Contains("shutting down", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, silo.Catalog.ActivationCount);
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_WithTimersRunning_DisposesThemAll()
    {
        var silo = await TestSilo.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await silo.Factory.GetGrain<ITimerGrain>($"t{i}").StartTimerAsync(new TimerSpec(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(5, silo.Wheel.Count);
        await silo.StopAsync();

        Assert.Equal(0, silo.Wheel.Count);
        await silo.DisposeAsync();
    }
}
