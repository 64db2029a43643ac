using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;
using SessionGrid.Runtime.Tests.Core.TestGrains;
using Xunit;

namespace SessionGrid.Runtime.Tests.Core;

public sealed class ActivationTests
{
    [Fact]
    public async Task FirstCall_NoActivation_CreatesOneAndReportsItInStatistics()
    {
        await using var silo = await TestSilo.StartAsync();
        var statistics = silo.Services.GetRequiredService<IGrainCatalogStatistics>();
        Assert.Equal(0, statistics.ActivationCount);

        var grain = silo.Factory.GetGrain<ITestGrain>("first");
        var id = await grain.GetActivationIdAsync();

        Assert.Equal(1, statistics.ActivationCount);
        Assert.Equal(id, await grain.GetActivationIdAsync());
        Assert.Equal(1, silo.Probe.Count("construct:first"));
        Assert.Equal(ActivationState.Valid, silo.GetActivation(TestGrain.GrainType, "first").State);
    }

    [Fact]
    public async Task OnActivateAsyncThrows_CallFailsWithGrainActivationException_NextCallGetsFreshActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        silo.Probe.FailNext("activate:flaky");
        var grain = silo.Factory.GetGrain<ITestGrain>("flaky");

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => grain.PingAsync().AsTask());

        Assert.Equal(new GrainId(TestGrain.GrainType, "flaky"), error.GrainId);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("failed on purpose", error.Message, StringComparison.Ordinal);
        Assert.False(silo.HasActivation(TestGrain.GrainType, "flaky"));
        Assert.Equal(0, silo.Catalog.ActivationCount);

        Assert.Equal(5, await grain.EchoAsync(5));
        Assert.Equal(2, silo.Probe.Count("construct:flaky"));
        Assert.Single(silo.Logs.WithEventId(1000));
    }

    [Fact]
    public async Task ConstructorThrows_CallFailsWithGrainActivationException_NextCallWorks()
    {
        await using var silo = await TestSilo.StartAsync();
        silo.Probe.FailNext("construct:ctor");
        var grain = silo.Factory.GetGrain<ITestGrain>("ctor");

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => grain.PingAsync().AsTask());

        Assert.Contains("Constructor of ctor failed", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.Equal(3, await grain.EchoAsync(3));
    }

    [Fact]
    public async Task ParticipantThrows_ActivationFailsBeforeOnActivateAsync_NextCallWorks()
    {
        await using var silo = await TestSilo.StartAsync();
        silo.Probe.FailNext("participant:part");
        var grain = silo.Factory.GetGrain<ITestGrain>("part");

        await Assert.ThrowsAsync<GrainActivationException>(() => grain.PingAsync().AsTask());
        Assert.Equal(0, silo.Probe.Count("activate:part"));

        await grain.PingAsync();
        Assert.Equal(1, silo.Probe.Count("activate:part"));
    }

    [Fact]
    public async Task FailedActivation_CallsQueuedBehindIt_AllFailAndNoneRunsOnTheFailedInstance()
    {
        await using var silo = await TestSilo.StartAsync();
        var gate = silo.Probe.Gate("activate:queued");
        silo.Probe.FailNext("activate:queued");
        var grain = silo.Factory.GetGrain<ITestGrain>("queued");

        var calls = Enumerable.Range(0, 5).Select(i => grain.RecordAsync($"ran-{i}").AsTask()).ToArray();
        await silo.Probe.WaitForAsync("activate:queued");
        gate.SetResult();

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<GrainActivationException>(() => call.WaitAsync(TestTimeouts.Default));
        }

        Assert.Equal(0, silo.Probe.CountPrefix("ran-"));
        await grain.RecordAsync("after");
        Assert.Equal(1, silo.Probe.Count("after"));
    }

    [Fact]
    public async Task Participants_RunBeforeOnActivateAndBeforeOnDeactivate()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("order");
        await grain.PingAsync();
        var activation = silo.GetActivation(TestGrain.GrainType, "order");

        await grain.DeactivateAsync();
        await activation.WhenDeactivated.WaitAsync(TestTimeouts.Default);

        var events = silo.Probe.Events.ToList();
        Assert.Equal(
            ["construct:order", "participant-activating:order", "activate:order", "participant-deactivating:order:ApplicationRequested", "deactivate:order:ApplicationRequested"],
            events);
        Assert.False(silo.HasActivation(TestGrain.GrainType, "order"));
    }

    [Fact]
    public async Task CallQueuedDuringDeactivation_IsForwardedToANewActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("forward");
        var first = await grain.GetActivationIdAsync();
        var gate = silo.Probe.Gate("deactivate:forward");

        await grain.DeactivateAsync();
        await silo.Probe.WaitForAsync("deactivate:forward:ApplicationRequested");
        var pending = grain.GetActivationIdAsync().AsTask();
        Assert.False(pending.IsCompleted);

        gate.SetResult();
        var second = await pending.WaitAsync(TestTimeouts.Default);

        Assert.NotEqual(first, second);
        Assert.Equal(2, silo.Probe.Count("activate:forward"));
        Assert.Equal(1, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task PersistentStateParameter_CreatedByFactory_LoadedBeforeOnActivateAsync()
    {
        await using var silo = await TestSilo.StartAsync(services: s => s.AddSingleton<IPersistentStateFactory, FakeStateFactory>());
        var grain = silo.Factory.GetGrain<IStatefulGrain>("s1");

        Assert.Equal(42, await grain.GetValueAsync());

        Assert.Equal(["state-created:s1:counter:store", "state-load:s1:counter:store", "activate:s1:value=42"], silo.Probe.Events);
    }

    [Fact]
    public async Task PersistentStateParameter_ShutdownDeactivation_WritesStateFirst()
    {
        var silo = await TestSilo.StartAsync(services: s => s.AddSingleton<IPersistentStateFactory, FakeStateFactory>());
        var probe = silo.Probe;
        await silo.Factory.GetGrain<IStatefulGrain>("s2").GetValueAsync();

        await silo.DisposeAsync();

        Assert.Contains("state-write:s2:ShuttingDown", probe.Events);
    }

    [Fact]
    public async Task PersistentStateParameter_NoStateFactoryRegistered_ActivationFailsWithClearMessage()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<IStatefulGrain>("nostore");

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => grain.GetValueAsync().AsTask());

        var cause = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains(nameof(IPersistentStateFactory), cause.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(StatefulGrain), cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GrainConstructor_OutsideTheRuntime_ThrowsClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TimerGrain(new GrainProbe(), TimeProvider.System));

        Assert.Contains("GetGrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivationServices_AreAScopePerActivation_DisposedOnDeactivation()
    {
        await using var silo = await TestSilo.StartAsync(services: s => s.AddScoped<ScopedProbe>());
        var grain = silo.Factory.GetGrain<ITestGrain>("scoped");
        await grain.PingAsync();
        var activation = silo.GetActivation(TestGrain.GrainType, "scoped");
        var scoped = activation.ActivationServices.GetRequiredService<ScopedProbe>();
        Assert.Same(scoped, activation.ActivationServices.GetRequiredService<ScopedProbe>());

        await grain.DeactivateAsync();
        await activation.WhenDeactivated.WaitAsync(TestTimeouts.Default);

        Assert.True(scoped.Disposed);
    }

    private sealed class ScopedProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
