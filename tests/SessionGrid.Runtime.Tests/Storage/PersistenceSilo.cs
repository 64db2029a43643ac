using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>
/// A silo composed as the real host does (storage, runtime, reminders) over storage and a reminder
/// table the test owns, so a second silo over the same ones acts as a restart or a second node.
/// </summary>
internal sealed class PersistenceSilo : IAsyncDisposable
{
    public const string GrainType = "counter";

    private readonly ServiceProvider _provider;
    private readonly IHostedService[] _hosted;
    private bool _stopped;

    private PersistenceSilo(ServiceProvider provider)
    {
        _provider = provider;
        _hosted = [.. provider.GetServices<IHostedService>()];
    }

    public IServiceProvider Services => _provider;

    public IGrainFactory Factory => _provider.GetRequiredService<IGrainFactory>();

    public IStateFlusherStatistics Flusher => _provider.GetRequiredService<IStateFlusherStatistics>();

    public static async Task<PersistenceSilo> StartAsync(ObservableTimeProvider time, IGrainStorage storage, IReminderTable reminders)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddKeyedSingleton(GrainStorageNames.Default, storage);
        services.AddSingleton(reminders);

        // Storage first: hosted services stop in reverse, so grains deactivate while the flusher runs.
        services.AddGrainStorageCore();
        services.AddGrainRuntime();
        services.AddReminderCore();
        services.AddGrain<ICounterGrain, CounterGrain>(GrainType, static (router, id) => new CounterGrainReference(router, id));

        var silo = new PersistenceSilo(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        foreach (var hosted in silo._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return silo;
    }

    public ICounterGrain Grain(string key) => Factory.GetGrain<ICounterGrain>(key);

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        for (var i = _hosted.Length - 1; i >= 0; i--)
        {
            await _hosted[i].StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
