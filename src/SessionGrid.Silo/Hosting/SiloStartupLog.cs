using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrid.Api.Security;
using SessionGrid.Grains.Hosting;

namespace SessionGrid.Silo.Hosting;

/// <summary>Says, once Kestrel has bound, where clients and operators can reach this silo and which cluster it is in.</summary>
internal sealed partial class SiloStartupLog(
    IHostApplicationLifetime lifetime,
    SiloEndpoints endpoints,
    SiloIdentity identity,
    OrleansOptions orleans,
    StorageMode storage,
    IOptions<AuthOptions> auth,
    ILogger<SiloStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(LogBound);
        return Task.CompletedTask;
    }

    private void LogBound()
    {
        LogStarted(logger, identity.Name, orleans.ClusterId, orleans.ServiceId, orleans.SiloPort, endpoints.Gateway.ToString(), endpoints.Http.ToString(), storage.Description);
        if (auth.Value.RequiresTokens)
        {
            LogTokensRequired(logger, auth.Value.Issuer, auth.Value.Audience);
        }
        else
        {
            LogLoopbackOnly(logger, endpoints.Http.ToString());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SessionGrid silo {Silo} started on Microsoft Orleans: cluster {ClusterId} (service {ServiceId}), silo port {SiloPort}; client gateway on tcp://{Gateway}, dashboard and API on http://{Http}, storage: {Storage}")]
    private static partial void LogStarted(ILogger logger, string silo, string clusterId, string serviceId, int siloPort, string gateway, string http, string storage);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "No Auth:SigningKey is set, so the API listens on loopback only ({Http}) and every loopback caller acts as operator; set a key of at least 32 bytes to require tokens and listen beyond loopback.")]
    private static partial void LogLoopbackOnly(ILogger logger, string http);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "The API requires a bearer token or the sign-in cookie (issuer {Issuer}, audience {Audience}); /health stays anonymous.")]
    private static partial void LogTokensRequired(ILogger logger, string issuer, string audience);
}
