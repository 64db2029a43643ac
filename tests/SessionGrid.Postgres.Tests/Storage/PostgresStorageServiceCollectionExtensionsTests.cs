using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Hosting;
using SessionGrid.Postgres.Reminders;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;

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
        if (postgresFirst)
        {
            services.AddPostgresStorage();
        }

        services.AddGrainStorageCore();
        services.AddReminderCore();
        services.AddSessionGrains(new ConfigurationBuilder().Build());
        if (!postgresFirst)
        {
            services.AddPostgresStorage();
        }

        await using var provider = services.BuildServiceProvider();

        var storage = provider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        Assert.IsType<PostgresGrainStorage>(storage);
        Assert.Same(storage, provider.GetRequiredService<PostgresGrainStorage>());
        Assert.Single(provider.GetKeyedServices<IGrainStorage>(GrainStorageNames.Default));
        Assert.IsType<PostgresReminderTable>(provider.GetRequiredService<IReminderTable>());
        Assert.Single(provider.GetServices<IReminderTable>());
        Assert.IsType<PostgresSessionQuery>(provider.GetRequiredService<ISessionQuery>());
        Assert.Single(provider.GetServices<ISessionQuery>());
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

        Assert.Single(provider.GetKeyedServices<IGrainStorage>(GrainStorageNames.Default));
        Assert.Single(provider.GetServices<IReminderTable>());
        Assert.Single(provider.GetServices<ISessionQuery>());
    }
}
