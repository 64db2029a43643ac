using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.GrainDirectory;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Hosting;

/// <summary>Replaces Orleans' grain directory cache with <see cref="BoundedGrainDirectoryCache"/>.</summary>
public static class GrainDirectoryCacheServiceCollectionExtensions
{
    /// <summary>
    /// Makes the silo cache grain addresses in a <see cref="BoundedGrainDirectoryCache"/> of
    /// <see cref="GrainDirectoryOptions.CacheSize"/> entries (Orleans' default, 1,000,000, unless configured), reported by
    /// <see cref="SessionMetrics"/> as <c>sessiongrid.directory.cache.entries</c>. <c>AddSessionGrains</c> calls it, so
    /// every silo that hosts session grains has it. A <c>CacheSize</c> below 1 is refused at start: in Orleans it means
    /// "no cache", but Orleans' locator for pluggable grain directories would still take this cache from the container.
    /// </summary>
    public static IServiceCollection AddBoundedGrainDirectoryCache(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Configure<GrainDirectoryOptions>(static options => options.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.Custom);
        services.AddOptions<GrainDirectoryOptions>()
            .Validate(static options => options.CacheSize >= 1, "GrainDirectoryOptions.CacheSize must be at least 1 with SessionGrid's bounded grain directory cache.")
            .ValidateOnStart();
        services.TryAddSingleton<SessionMetrics>();
        services.TryAddSingleton(static sp =>
        {
            var cache = new BoundedGrainDirectoryCache(sp.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
            sp.GetRequiredService<SessionMetrics>().ObserveDirectoryCache(cache);
            return cache;
        });
        services.TryAddSingleton<IGrainDirectoryCache>(static sp => sp.GetRequiredService<BoundedGrainDirectoryCache>());
        return services;
    }
}
