using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionGrid.Gateway.Connections;
using SessionGrid.Grains.Cluster;

namespace SessionGrid.Gateway.Hosting;

/// <summary>Registers the client gateway and binds it to a Kestrel endpoint.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddSessionGridGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddKeyedSingleton(Grains.Hosting.SessionClock.Key, TimeProvider.System);
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<ISiloLoadSource>(static sp => sp.GetRequiredService<GatewayMetrics>());
        services.TryAddSingleton<GatewayConnectionRegistry>();
        services.AddHostedService<GatewayShutdown>();
        return services;
    }

    /// <summary>Serves the SessionGrid client protocol on this endpoint.</summary>
    public static IConnectionBuilder UseSessionGridGateway(this ListenOptions listen) => listen.UseConnectionHandler<GatewayConnectionHandler>();
}
