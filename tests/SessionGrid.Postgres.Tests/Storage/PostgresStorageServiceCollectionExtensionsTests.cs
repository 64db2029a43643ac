using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Hosting;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;

namespace SessionGrid.Postgres.Tests.Storage;

public sealed class PostgresStorageServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddPostgresStorage_BeforeOrAfterTheInMemoryDefaults_PostgresServicesWin(bool postgresFirst)
    {
        var services = new ServiceCollection();
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres");
        services.AddSingleton(dataSource);
        services.AddLogging();
        if (postgresFirst)
        {
            services.AddPostgresStorage();
        }

        services.AddSessionGrains(new ConfigurationBuilder().Build());
        if (!postgresFirst)
        {
            services.AddPostgresStorage();
        }

        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ISessionStore>();
        Assert.IsType<PostgresSessionStore>(store);
        Assert.Same(store, provider.GetRequiredService<SessionGrainStorage>().Store);
        Assert.Single(provider.GetServices<ISessionStore>());
        Assert.IsType<PostgresSessionQuery>(provider.GetRequiredService<ISessionQuery>());
        Assert.Single(provider.GetServices<ISessionQuery>());
        Assert.IsType<PostgresSessionEventQuery>(provider.GetRequiredService<ISessionEventQuery>());
    }

    [Fact]
    public async Task AddPostgresStorage_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres");
        services.AddSingleton(dataSource);
        services.AddSingleton(new SessionStateMachine(new HeartbeatPolicy()));

        services.AddPostgresStorage().AddPostgresStorage();
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<ISessionStore>());
        Assert.Single(provider.GetServices<ISessionQuery>());
        Assert.Single(provider.GetServices<ISessionEventQuery>());
    }
}
