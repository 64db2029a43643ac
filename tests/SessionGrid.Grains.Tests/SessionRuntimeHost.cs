using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Cluster;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests;

/// <summary>
/// The grain runtime with session grains, in process, on a manual clock, with no sockets. The store
/// and reminder table can be handed over from a previous host to simulate a silo restart.
/// </summary>
internal sealed class SessionRuntimeHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private SessionRuntimeHost(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
    }

    public ManualTimeProvider Time => (ManualTimeProvider)_services.GetRequiredService<TimeProvider>();

    public MemoryGrainStorage Storage => _services.GetRequiredKeyedService<MemoryGrainStorage>(GrainStorageNames.Default);

    public IReminderTable Reminders => _services.GetRequiredService<IReminderTable>();

    public IGrainCatalogStatistics Catalog => _services.GetRequiredService<IGrainCatalogStatistics>();

    public static async Task<SessionRuntimeHost> StartAsync(
        ManualTimeProvider time,
        IDictionary<string, string?>? settings = null,
        MemoryGrainStorage? storage = null,
        IReminderTable? reminders = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(new SiloIdentity("grain-test", time.GetUtcNow()));
        if (storage is not null)
        {
            services.AddKeyedSingleton(GrainStorageNames.Default, storage);
        }

        if (reminders is not null)
        {
            services.AddSingleton(reminders);
        }

        services.AddGrainStorageCore();
        services.AddReminderCore();
        services.AddGrainRuntime(o => configuration.GetSection("Runtime").Bind(o));
        services.AddSessionGrains(configuration);
        var host = new SessionRuntimeHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return host;
    }

    public IClientSessionGrain Session(string id) => _services.GetRequiredService<IGrainFactory>().GetGrain<IClientSessionGrain>(id);

    /// <summary>Advances the clock a second at a time until the session satisfies <paramref name="condition"/>.</summary>
    public async Task<SessionSnapshot> AdvanceUntilAsync(string id, TimeSpan limit, Func<SessionSnapshot, bool> condition)
    {
        var end = Time.GetUtcNow() + limit;
        while (true)
        {
            var snapshot = await Session(id).GetSnapshotAsync();
            if (snapshot is not null && condition(snapshot))
            {
                return snapshot;
            }

            if (Time.GetUtcNow() >= end)
            {
                throw new TimeoutException($"Session {id} did not reach the expected state within {limit} of fake time; last: {snapshot}");
            }

            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted.Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
