using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Timers;

namespace SessionGrid.Runtime.Hosting;

/// <summary>Registers the grain runtime and grain classes in a silo's container.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the local grain runtime: catalog, call router, grain factory, timing wheel, idle
    /// collector and the hosted service that starts them and deactivates every grain on shutdown.
    /// Calling it again only adds <paramref name="configure"/>. Timer wheel options are configured
    /// with <c>services.Configure&lt;TimerWheelOptions&gt;(...)</c>. A <see cref="TimeProvider"/>
    /// registered before (tests use a manual clock) wins over <see cref="TimeProvider.System"/>.
    /// </summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<GrainRuntimeOptions>().ValidateOnStart();
        services.AddOptions<TimerWheelOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimerWheelOptions>, TimerWheelOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<TimingWheel>();
        services.TryAddSingleton<ActivationCollector>();
        services.TryAddSingleton<GrainCatalog>();
        services.TryAddSingleton<IGrainCatalogStatistics>(static sp => sp.GetRequiredService<GrainCatalog>());
        services.TryAddSingleton<IGrainCallRouter, LocalGrainCallRouter>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.AddHostedService<GrainRuntimeHostedService>();
        return services;
    }

    /// <summary>
    /// Registers grain class <typeparamref name="TGrain"/> under grain type name
    /// <paramref name="grainType"/> (the type part of its <see cref="GrainId"/>), reachable through
    /// <typeparamref name="TInterface"/> with references made by <paramref name="referenceFactory"/>.
    /// The constructor is analysed here, once: a class that cannot be built fails now.
    /// </summary>
    /// <exception cref="ArgumentException">The grain type name is empty or contains '/', or the class cannot be constructed by the runtime.</exception>
    public static IServiceCollection AddGrain<TInterface, TGrain>(
        this IServiceCollection services,
        string grainType,
        Func<IGrainCallRouter, GrainId, TInterface> referenceFactory)
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(grainType);
        ArgumentNullException.ThrowIfNull(referenceFactory);
        if (grainType.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Grain type name '{grainType}' must not contain '/': it separates type and key in a grain id.", nameof(grainType));
        }

        services.AddSingleton(new GrainRegistration(typeof(TInterface), grainType, new GrainClassInfo(typeof(TGrain)), referenceFactory));
        return services;
    }
}
