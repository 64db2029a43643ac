using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Deadlines;
using SessionGrid.Grains.Events;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Grains.Hosting;

/// <summary>Registers what session grains need in a silo: policy, deadline wheel, the "sessions" provider, queries, the directory cache.</summary>
public static class SessionGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the session grains' services. The session store is the in-memory one unless an
    /// <see cref="ISessionStore"/> is registered (before or after: in-memory defaults are only tried).
    /// Needs a <see cref="SiloIdentity"/>.
    /// </summary>
    public static IServiceCollection AddSessionGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HeartbeatPolicy>().Bind(configuration.GetSection(HeartbeatPolicy.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HeartbeatPolicy>, HeartbeatPolicyValidator>());
        services.AddOptions<PersistenceOptions>().Bind(configuration.GetSection(PersistenceOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PersistenceOptions>, PersistenceOptionsValidator>());
        services.AddOptions<TimerWheelOptions>().Bind(configuration.GetSection(TimerWheelOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimerWheelOptions>, TimerWheelOptionsValidator>());

        services.TryAddKeyedSingleton(SessionClock.Key, TimeProvider.System);
        services.TryAddSingleton(static sp => new SessionStateMachine(sp.GetRequiredService<IOptions<HeartbeatPolicy>>().Value));
        services.TryAddSingleton(static sp => new TimingWheel(
            sp.GetRequiredKeyedService<TimeProvider>(SessionClock.Key),
            sp.GetRequiredService<IOptions<TimerWheelOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TimingWheel>>()));
        services.AddSingleton<IHostedService, DeadlineWheelService>();

        services.TryAddSingleton<SessionMetrics>();
        services.TryAddSingleton<RecentSessionEvents>();
        services.TryAddSingleton<SessionEventHub>();
        services.TryAddSingleton<ISessionEventSink>(static sp => new LocalSessionEventSink(
            sp.GetRequiredService<RecentSessionEvents>(), sp.GetRequiredService<SessionEventHub>(), sp.GetRequiredService<SiloIdentity>()));
        services.TryAddSingleton<ISessionEventQuery>(static sp => sp.GetRequiredService<RecentSessionEvents>());

        services.TryAddSingleton<MemorySessionStore>();
        services.TryAddSingleton<ISessionStore>(static sp => sp.GetRequiredService<MemorySessionStore>());
        services.TryAddSingleton<ISessionQuery>(static sp => new MemorySessionQuery(
            sp.GetRequiredService<MemorySessionStore>(),
            sp.GetRequiredService<SessionStateMachine>(),
            sp.GetRequiredKeyedService<TimeProvider>(SessionClock.Key)));
        services.TryAddSingleton(static sp => new SessionGrainStorage(
            sp.GetRequiredService<ISessionStore>(),
            sp.GetRequiredService<IOptions<PersistenceOptions>>(),
            sp.GetRequiredKeyedService<TimeProvider>(SessionClock.Key),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SessionGrainStorage>>()));
        services.TryAddSingleton<ISessionStorageStatistics>(static sp => sp.GetRequiredService<SessionGrainStorage>());
        services.AddKeyedSingleton<IGrainStorage>(SessionStorageNames.Sessions, static (sp, _) => sp.GetRequiredService<SessionGrainStorage>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SessionStorageLifecycle>();
        services.TryAddSingleton<IOrphanedSessionQuery>(static sp => new MemoryOrphanedSessionQuery(sp.GetRequiredService<MemorySessionStore>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloLossSweeper>();
        services.AddBoundedGrainDirectoryCache();
        return services;
    }
}
