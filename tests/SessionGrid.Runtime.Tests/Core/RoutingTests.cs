using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Storage;
using SessionGrid.Runtime.Tests.Core.TestGrains;
using Xunit;

namespace SessionGrid.Runtime.Tests.Core;

public sealed class RoutingTests
{
    [Fact]
    public async Task GetGrain_UnregisteredInterface_ThrowsArgumentExceptionNamingIt()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => silo.Factory.GetGrain<IUnregisteredGrain>("x"));

        Assert.Contains(nameof(IUnregisteredGrain), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGrain_EmptyKey_ThrowsArgumentException()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Throws<ArgumentException>(() => silo.Factory.GetGrain<ITestGrain>(""));
    }

    [Fact]
    public async Task GetGrain_ReturnsReferenceWithTypeAndKey_WithoutActivating()
    {
        await using var silo = await TestSilo.StartAsync();

        var grain = silo.Factory.GetGrain<ITestGrain>("lazy");

        Assert.Equal(new GrainId(TestGrain.GrainType, "lazy"), ((GrainReference)grain).GrainId);
        Assert.Equal(0, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task InvokeAsync_ByGrainIdOnly_CreatesTheActivationFromTheGrainType()
    {
        await using var silo = await TestSilo.StartAsync();

        // The way the reminder service reaches IRemindable: no reference, just an id and an interface.
        await silo.Router.InvokeAsync(new GrainId(TestGrain.GrainType, "poked"), static (IPokeable g, string why) => new ValueTask(g.PokeAsync(why)), "reminder");

        Assert.Equal(["construct:poked", "participant-activating:poked", "activate:poked", "poke:poked:reminder"], silo.Probe.Events);
    }

    [Fact]
    public async Task InvokeAsync_InterfaceTheClassDoesNotImplement_FailsWithInvalidCastAndActivationSurvives()
    {
        await using var silo = await TestSilo.StartAsync();
        var id = new GrainId(TestGrain.GrainType, "cast");
        var before = await silo.Factory.GetGrain<ITestGrain>("cast").GetActivationIdAsync();

        var error = await Assert.ThrowsAsync<InvalidCastException>(
            () => silo.Router.InvokeAsync(id, static (IUnrelatedGrain g, object? _) => g.NeverAsync(), null).AsTask());

        Assert.Contains(nameof(IUnrelatedGrain), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(TestGrain), error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await silo.Factory.GetGrain<ITestGrain>("cast").GetActivationIdAsync());
    }

    [Fact]
    public async Task InvokeAsync_UnknownGrainType_FailsWithClearErrorAndCreatesNothing()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => silo.Router.InvokeAsync(new GrainId("nosuchtype", "k"), static (IPokeable g, string a) => new ValueTask(g.PokeAsync(a)), "x").AsTask());

        Assert.Contains("'nosuchtype'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task InvokeAsync_DefaultGrainId_ThrowsArgumentException()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Throws<ArgumentException>(() => silo.Router.InvokeAsync(default, static (IPokeable g, string a) => new ValueTask(g.PokeAsync(a)), "x"));
    }

    [Fact]
    public void AddGrain_SameTypeNameForTwoClasses_FailsWhenTheRegistryIsBuilt()
    {
        var services = new ServiceCollection().AddGrainRuntime();
        services.AddGrain<ITestGrain, TestGrain>("dup", static (r, id) => new TestGrainReference(r, id));
        services.AddGrain<ITimerGrain, TimerGrain>("dup", static (r, id) => new TimerGrainReference(r, id));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IGrainFactory>());

        Assert.Contains("'dup'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGrain_TypeNameWithSlash_ThrowsArgumentException()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddGrain<ITestGrain, TestGrain>("a/b", static (r, id) => new TestGrainReference(r, id)));
    }

    [Fact]
    public void AddGrain_PersistentStateOnAParameterOfAnotherType_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(
            () => services.AddGrain<ITestGrain, BadStateGrain>("bad", static (r, id) => new TestGrainReference(r, id)));

        Assert.Contains("IPersistentState<T>", error.Message, StringComparison.Ordinal);
    }

    public interface IUnregisteredGrain : IGrainWithStringKey;

    /// <summary>Declares [PersistentState] on a string: registration must refuse it.</summary>
    public sealed class BadStateGrain([PersistentState("oops")] string state) : Grain, ITestGrain
    {
        public string State => state;

        public ValueTask PingAsync() => default;

        public ValueTask<int> EchoAsync(int value) => new(value);

        public ValueTask<Guid> GetActivationIdAsync() => default;

        public ValueTask AppendAsync(int value) => default;

        public ValueTask<int[]> GetAppendedAsync() => default;

        public ValueTask BlockAsync(string gate) => default;

        public ValueTask RecordAsync(string name) => default;

        public ValueTask ThrowAsync(string message) => default;

        public ValueTask ThrowSynchronouslyAsync(string message) => default;

        public ValueTask DeactivateAsync() => default;

        public ValueTask SetKeepAliveAsync(bool keepAlive) => default;

        public ValueTask AdvanceClockAsync(TimeSpan delta) => default;

        public ValueTask CallSelfWithoutWaitingAsync() => default;
    }
}
