using System.Text.Json;
using SessionGrid.TestKit.Cluster;
using SessionGrid.TestKit.Postgres;
using SessionGrid.TestKit.Redis;

namespace SessionGrid.Cluster.Tests.Clustering;

[Collection(ClusterCollection.Name)]
public sealed class RedisClusteringTests
{
    [Fact]
    public async Task Start_RedisWithoutPostgres_ExitsWithOneSentence()
    {
        await using var silo = SiloProcess.Start("silo-no-postgres", new Dictionary<string, string> { ["ConnectionStrings:Redis"] = "127.0.0.1:1" });

        Assert.Equal(1, await silo.WaitForExitAsync());
        Assert.Equal(
            "ConnectionStrings:Redis is set but ConnectionStrings:Postgres is not: a cluster of silos needs PostgreSQL for the shared session state and reminders.",
            silo.Output.Trim());
    }

    [Fact]
    public async Task Start_RedisWithPassword_PasswordNeverLoggedAndHealthSaysRedis()
    {
        const string password = "s3cret-Redis-pa55word";
        await using var redis = await RedisServer.StartNewAsync(password);
        var postgres = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("redis_password");
        await using var silo = SiloProcess.Start("silo-password", new Dictionary<string, string>(SiloCluster.FastMembership)
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["ConnectionStrings:Postgres"] = postgres,
            ["Orleans:ClusterId"] = "password-test",
            // Everything Orleans and StackExchange.Redis say at Information and above, options dumps included.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Orleans"] = "Information",
        });
        await silo.WaitReadyAsync();

        using var health = JsonDocument.Parse(await silo.Http.GetStringAsync("/health"));
        var runtime = health.RootElement.GetProperty("components").GetProperty("runtime").GetProperty("data");
        Assert.Equal("redis", runtime.GetProperty("clustering").GetString());
        Assert.Equal($"Redis membership at 127.0.0.1:{redis.Port}", runtime.GetProperty("membership").GetString());
        Assert.Contains($"membership: Redis membership at 127.0.0.1:{redis.Port}", silo.Output, StringComparison.Ordinal);
        Assert.Contains("SiloOptionsLogger", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, health.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TwoSilos_BothJoinOneCluster()
    {
        await using var cluster = await SiloCluster.StartAsync(2);

        foreach (var silo in cluster.Silos)
        {
            using var health = JsonDocument.Parse(await silo.Http.GetStringAsync("/health"));
            Assert.Equal("redis", health.RootElement.GetProperty("components").GetProperty("runtime").GetProperty("data").GetProperty("clustering").GetString());
        }
    }
}
