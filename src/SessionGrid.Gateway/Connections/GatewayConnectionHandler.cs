using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrid.Gateway.Hosting;
using SessionGrid.Grains.Hosting;

namespace SessionGrid.Gateway.Connections;

/// <summary>Kestrel's entry point for the client port: one <see cref="GatewayConnection"/> per socket.</summary>
internal sealed class GatewayConnectionHandler(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    GatewayConnectionRegistry registry,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time,
    ILogger<GatewayConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        using var client = new GatewayConnection(connection, grains, silo.SiloAddress, options.Value, metrics, time, logger);
        registry.Add(client);
        metrics.ConnectionOpened();
        try
        {
            await client.RunAsync();
        }
        finally
        {
            registry.Remove(client);
            metrics.ConnectionClosed();
        }
    }
}
