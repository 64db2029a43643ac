using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Grains.Hosting;

/// <summary>Registers the session grain, its policy and the session list of the embedded store.</summary>
public static class SessionGrainsServiceCollectionExtensions
{
    /// <summary>Grain type name of <see cref="ClientSessionGrain"/> (grain ids are <c>session/{session id}</c>).</summary>
    public const string SessionGrainType = "session";

    public static IServiceCollection AddSessionGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HeartbeatPolicy>().Bind(configuration.GetSection(HeartbeatPolicy.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HeartbeatPolicy>, HeartbeatPolicyValidator>());
        services.TryAddSingleton(static sp => new SessionStateMachine(sp.GetRequiredService<IOptions<HeartbeatPolicy>>().Value));
        services.TryAddSingleton<RecentSessionEvents>();
        services.TryAddSingleton<ISessionEventSink>(static sp => sp.GetRequiredService<RecentSessionEvents>());
        services.TryAddSingleton<ISessionEventQuery>(static sp => sp.GetRequiredService<RecentSessionEvents>());
        services.TryAddSingleton<ISessionQuery>(static sp => new MemorySessionQuery(
            sp.GetRequiredKeyedService<MemoryGrainStorage>(GrainStorageNames.Default),
            sp.GetRequiredService<SessionStateMachine>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddGrain<IClientSessionGrain, ClientSessionGrain>(SessionGrainType, static (router, id) => new ClientSessionGrainReference(router, id));
        return services;
    }
}
