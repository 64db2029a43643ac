using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using SessionGrid.Grains.Hosting;
using SessionGrid.Silo.Health;
using StackExchange.Redis;

namespace SessionGrid.Silo.Hosting;

/// <summary>
/// Chooses the membership provider: Redis (<c>ConnectionStrings:Redis</c>) for a cluster of silos, else
/// Orleans' single-silo localhost clustering. A cluster shares session rows and reminders, so Redis
/// without PostgreSQL is refused at start.
/// </summary>
internal static class SiloClustering
{
    /// <summary><c>ConnectionStrings:Redis</c>; null for single-silo clustering.</summary>
    public static string? RedisConnectionString(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString("Redis");
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The mode for <paramref name="redis"/>; throws when a cluster is asked for without PostgreSQL.</summary>
    public static ClusteringMode Choose(string? redis, string? postgres)
    {
        if (redis is null)
        {
            return ClusteringMode.Localhost;
        }

        if (postgres is null)
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Redis is set but ConnectionStrings:Postgres is not: a cluster of silos needs PostgreSQL for the shared session state and reminders.");
        }

        return ClusteringMode.Redis(Describe(redis));
    }

    /// <summary>The Redis endpoints as they may be logged: never the password or any other option.</summary>
    public static string Describe(string redis)
        => string.Join(",", ConfigurationOptions.Parse(redis).EndPoints.Select(Format));

    public static void Configure(ISiloBuilder silo, string? redis, OrleansOptions orleans, IConfiguration configuration)
    {
        // Membership shows the same name as sessions.owner_silo and the start-up log.
        silo.Services.AddOptions<Orleans.Configuration.SiloOptions>().Configure<SiloIdentity>((o, identity) => o.SiloName = identity.Name);
        if (redis is null)
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            return;
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = orleans.ClusterId;
            o.ServiceId = orleans.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(orleans.AdvertisedAddress), orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: false);
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection(OrleansOptions.MembershipSectionName));
        silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(redis));
        silo.Services.AddSingleton(new RedisMembershipProbe(redis));
        silo.Services.AddHealthChecks().AddCheck<MembershipHealthCheck>("membership");
    }

    // Redis down must not stop a silo that is already in the cluster: connect in the background and retry.
    private static ConfigurationOptions RedisOptions(string redis)
    {
        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        return options;
    }

    private static string Format(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endpoint.ToString() ?? "?",
    };
}
