using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.GrainDirectory;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Hosting;

/// <summary>Replaces Orleans' grain directory cache with <see cref="BoundedGrainDirectoryCache"/>.</summary>
public static class GrainDirectoryCacheSiloBuilderExtensions
{
    /// <summary>
    /// Makes the silo cache grain addresses in a <see cref="BoundedGrainDirectoryCache"/> of
    /// <see cref="GrainDirectoryOptions.CacheSize"/> entries (Orleans' default, 1,000,000, unless configured), reported by
    /// <see cref="SessionMetrics"/> as <c>sessiongrid.directory.cache.entries</c>. Every silo that hosts session grains
    /// calls it. A <c>CacheSize</c> below 1 is refused at start: in Orleans it means "no cache", but Orleans' locator
    /// for pluggable grain directories would still take this cache from the container.
    /// </summary>
    public static ISiloBuilder UseBoundedGrainDirectoryCache(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configure<GrainDirectoryOptions>(static options => options.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.Custom);
        builder.Services.AddOptions<GrainDirectoryOptions>()
            .Validate(static options => options.CacheSize >= 1, "GrainDirectoryOptions.CacheSize must be at least 1 with SessionGrid's bounded grain directory cache (UseBoundedGrainDirectoryCache).")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<SessionMetrics>();
        builder.Services.TryAddSingleton(static sp =>
        {
            var cache = new BoundedGrainDirectoryCache(sp.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
            sp.GetRequiredService<SessionMetrics>().ObserveDirectoryCache(cache);
            return cache;
        });
        builder.Services.TryAddSingleton<IGrainDirectoryCache>(static sp => sp.GetRequiredService<BoundedGrainDirectoryCache>());
        return builder;
    }
}
