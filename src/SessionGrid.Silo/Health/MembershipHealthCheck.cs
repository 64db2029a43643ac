using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrid.Silo.Hosting;
using StackExchange.Redis;

namespace SessionGrid.Silo.Health;

/// <summary>
/// The Redis membership table (cluster mode only): degraded while it does not answer a PING. The silos
/// keep serving with the last membership view meanwhile; what they cannot do is admit new silos or
/// record deaths. The connection reconnects by itself, so health recovers with Redis.
/// </summary>
internal sealed class MembershipHealthCheck(RedisMembershipProbe probe, ClusteringMode mode) : IHealthCheck
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["mode"] = mode.Name };
        try
        {
            var latency = await probe.Database.PingAsync().WaitAsync(PingTimeout, cancellationToken);
            data["pingMs"] = latency.TotalMilliseconds;
            return HealthCheckResult.Healthy(mode.Description, data);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("membership table unreachable: serving with the last membership view; silos cannot join or be declared dead until it is back", data: data);
        }
    }
}
