using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SessionGrid.Grains.Cluster;

/// <summary>Registers what <c>GET /api/cluster</c> needs from every silo.</summary>
public static class ClusterViewSiloBuilderExtensions
{
    /// <summary>Adds the per-silo load service and its client. Needs an <see cref="ISiloLoadSource"/> (the gateway's).</summary>
    public static ISiloBuilder AddSiloLoadService(this ISiloBuilder builder)
    {
        builder.AddGrainService<SiloLoadService>();
        builder.Services.TryAddSingleton<ISiloLoadClient, SiloLoadClient>();
        return builder;
    }
}
