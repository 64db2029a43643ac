using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
    private readonly CapturingLoggerProvider _logs;
    private readonly IHostedService[] _hosted;

    private SessionRuntimeHost(ServiceProvider services, CapturingLoggerProvider logs)
    {
        _services = services;
        _logs = logs;
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
        var logs = new CapturingLoggerProvider();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
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
        var host = new SessionRuntimeHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), logs);
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return host;
    }

    public IClientSessionGrain Session(string id) => _services.GetRequiredService<IGrainFactory>().GetGrain<IClientSessionGrain>(id);

    /// <summary>
    /// Moves the clock by <paramref name="advance"/>, then waits (real time, bounded) until the session
    /// satisfies <paramref name="condition"/>. Work that timers start runs on the thread pool, so a
    /// test must let it finish instead of moving the clock on under it.
    /// </summary>
    public async Task<SessionSnapshot> AdvanceThenWaitAsync(string id, TimeSpan advance, Func<SessionSnapshot, bool> condition)
    {
        Time.Advance(advance);
        SessionSnapshot? snapshot = null;
        if (await Eventually.TrueAsync(async () => (snapshot = await Session(id).GetSnapshotAsync()) is not null && condition(snapshot)))
        {
            return snapshot!;
        }

        var reminders = _services.GetRequiredService<IReminderServiceStatistics>();
        throw new TimeoutException(
            $"Session {id} did not reach the expected state; last: {snapshot}; reminders held {reminders.HeldReminders}, " +
            $"delivered {reminders.Delivered}, failed {reminders.DeliveryFailures}, now {Time.GetUtcNow()}" + Environment.NewLine + _logs.Tail(60));
    }

    /// <summary>Counters and recent logs, for failure messages.</summary>
    public string Describe()
    {
        var flusher = _services.GetRequiredService<IStateFlusherStatistics>();
        return $"flusher batches {flusher.BatchesWritten}, rows {flusher.RowsWritten}, conflicts {flusher.Conflicts}, dirty {flusher.DirtyCount}; now {Time.GetUtcNow()}"
            + Environment.NewLine + _logs.Tail(40);
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
