using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SessionGrid.Runtime.Storage;

/// <summary>Registers grain persistence.</summary>
public static class GrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the state flusher (a hosted service), the <see cref="IPersistentStateFactory"/>, and an
    /// in-memory provider named <see cref="GrainStorageNames.Default"/> unless one is registered already.
    /// Calling it again only applies <paramref name="configure"/>.
    /// </summary>
    /// <remarks>
    /// Hosted services stop in reverse order: adding this before the grain runtime lets deactivations
    /// write through the running flusher, which then writes the remainder on its own stop. Either order
    /// is correct; that one is fastest.
    /// </remarks>
    public static IServiceCollection AddGrainStorageCore(this IServiceCollection services, Action<PersistenceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PersistenceOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PersistenceOptions>, PersistenceOptionsValidator>());
        services.AddOptions<GrainStateSerializerOptions>();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        if (services.Any(static d => d.ServiceType == typeof(StateFlusher)))
        {
            return services;
        }

        services.AddSingleton<GrainStateCopier>();
        services.AddSingleton<StateFlusher>();
        services.AddSingleton<IStateFlusher>(static sp => sp.GetRequiredService<StateFlusher>());
        services.AddSingleton<IStateFlusherStatistics>(static sp => sp.GetRequiredService<StateFlusher>());
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<StateFlusher>());
        services.TryAddSingleton<IPersistentStateFactory, PersistentStateFactory>();
        services.TryAddKeyedSingleton(GrainStorageNames.Default, static (sp, _) => CreateMemoryStorage(sp));
        services.TryAddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, static (sp, key) => sp.GetRequiredKeyedService<MemoryGrainStorage>(key));
        return services;
    }

    /// <summary>
    /// Adds an in-memory provider named <paramref name="name"/>, resolvable as a keyed
    /// <see cref="IGrainStorage"/> and as a keyed <see cref="MemoryGrainStorage"/> (to list what it holds).
    /// </summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddOptions<GrainStateSerializerOptions>();
        services.AddKeyedSingleton(name, static (sp, _) => CreateMemoryStorage(sp));
        services.AddKeyedSingleton<IGrainStorage>(name, static (sp, key) => sp.GetRequiredKeyedService<MemoryGrainStorage>(key));
        return services;
    }

    private static MemoryGrainStorage CreateMemoryStorage(IServiceProvider services)
        => new(services.GetRequiredService<IOptions<GrainStateSerializerOptions>>());
}
