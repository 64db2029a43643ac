using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Tests.Core.TestGrains;
using SessionGrid.Runtime.Timers;
using SessionGrid.TestKit;

namespace SessionGrid.Runtime.Tests.Core;

/// <summary>
/// One silo's grain runtime on a manual clock, with the test grains registered and the hosted
/// services started, as a host would. Dispose stops it (deactivating every grain).
/// </summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IHostedService[] _hosted;
    private bool _stopped;

    private TestSilo(ServiceProvider provider, ManualTimeProvider time, CapturingLoggerProvider logs)
    {
        _provider = provider;
        Time = time;
        Logs = logs;
        _hosted = [.. provider.GetServices<IHostedService>()];
    }

    public ManualTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _provider;

    public GrainProbe Probe => _provider.GetRequiredService<GrainProbe>();

    public IGrainFactory Factory => _provider.GetRequiredService<IGrainFactory>();

    public IGrainCallRouter Router => _provider.GetRequiredService<IGrainCallRouter>();

    public GrainCatalog Catalog => _provider.GetRequiredService<GrainCatalog>();

    public TimingWheel Wheel => _provider.GetRequiredService<TimingWheel>();

    public ActivationCollector Collector => _provider.GetRequiredService<ActivationCollector>();

    public static async Task<TestSilo> StartAsync(Action<GrainRuntimeOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var time = new ManualTimeProvider();
        var logs = new CapturingLoggerProvider();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        collection.AddSingleton<TimeProvider>(time);
        collection.AddSingleton<GrainProbe>();
        collection.AddGrainRuntime(configure);
        TestGrainRegistrations.Add(collection);
        services?.Invoke(collection);

        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var silo = new TestSilo(provider, time, logs);
        foreach (var hosted in silo._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return silo;
    }

    public ActivationData GetActivation(string grainType, string key)
        => Catalog.TryGetActivation(new GrainId(grainType, key), out var activation)
            ? activation
            : throw new InvalidOperationException($"No activation of {grainType}/{key}.");

    /// <summary>Waits until the activation's mailbox has drained (see ActivationData.WhenIdle).</summary>
    public Task SettleAsync(string grainType, string key) => GetActivation(grainType, key).WhenIdle.WaitAsync(TestTimeouts.Default);

    public bool HasActivation(string grainType, string key) => Catalog.TryGetActivation(new GrainId(grainType, key), out _);

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        for (var i = _hosted.Length - 1; i >= 0; i--)
        {
            await _hosted[i].StopAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
