using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SessionGrid.Postgres.Migrations;

namespace SessionGrid.Postgres.Tests.Migrations;

public sealed class PostgresMigrationServiceTests
{
    private static readonly TimeSpan Timeout = MigrationDatabase.Timeout;

    [Fact]
    public async Task StartAsync_ReachableDatabase_AppliesTheMigrations()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        await using var provider = Services(db.DataSource);

        await StartAllAsync(provider);

        Assert.True(await db.TableExistsAsync("sessions"));
        Assert.NotEmpty(await db.HistoryAsync());
    }

    [Fact]
    public async Task StartAsync_UnreachableDatabase_FailsStartUpSayingWhere()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Database=silo;Timeout=5");
        await using var provider = Services(dataSource);

        var error = await Assert.ThrowsAsync<MigrationException>(() => StartAllAsync(provider));

        Assert.Contains("cannot connect to PostgreSQL at 127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresMigrations_CalledTwice_RegistersOneHostedService()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var services = new ServiceCollection().AddSingleton(db.DataSource);

        services.AddPostgresMigrations().AddPostgresMigrations();

        await using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<IHostedService>());
        Assert.NotNull(provider.GetRequiredService<MigrationRunner>());
    }

    private static ServiceProvider Services(NpgsqlDataSource dataSource)
        => new ServiceCollection().AddSingleton(dataSource).AddPostgresMigrations().BuildServiceProvider();

    private static async Task StartAllAsync(IServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        }
    }
}
