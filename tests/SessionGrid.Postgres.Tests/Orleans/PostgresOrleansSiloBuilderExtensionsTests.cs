using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers;
using SessionGrid.Postgres.Orleans;
using SessionGrid.Postgres.Tests.Storage;

namespace SessionGrid.Postgres.Tests.Orleans;

public sealed class PostgresOrleansSiloBuilderExtensionsTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private string ConnectionString => database.DataSource.ConnectionString;

    [Fact]
    public async Task UsePostgresReminders_StartedSilo_BothProvidersShareTheSilosDataSource()
    {
        await using var silo = await PostgresOrleansSilo.StartAsync(ConnectionString, "extensions-shared");

        var dataSource = silo.Services.GetRequiredService<NpgsqlDataSource>();
        var reminders = silo.Services.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value;
        var storage = silo.Services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        Assert.Same(dataSource, reminders.DataSource);
        Assert.Same(dataSource, storage.DataSource);
        Assert.Equal((PostgresOrleansSiloBuilderExtensions.Invariant, PostgresOrleansSiloBuilderExtensions.Invariant), (reminders.Invariant, storage.Invariant));
        Assert.Null(reminders.ConnectionString);
    }

    [Fact]
    public async Task UsePostgresReminders_DataSourceOnAnotherDatabase_StartFails()
    {
        var elsewhere = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PostgresOrleansSilo.StartAsync(
            ConnectionString, "extensions-mismatch", silo => silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(elsewhere))));

        Assert.Contains(Chain(error), e => e.Message.Contains("give both the same connection string", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                aggregate.InnerExceptions.ToList().ForEach(pending.Push);
            }
            else if (current.InnerException is not null)
            {
                pending.Push(current.InnerException);
            }
        }
    }
}
