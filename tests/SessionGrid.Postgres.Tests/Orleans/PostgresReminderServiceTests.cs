using Orleans;
using Orleans.Runtime;
using SessionGrid.Postgres.Tests.Storage;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>Orleans' reminder service on our OrleansQuery contract, through real silos and a real database.</summary>
public sealed class PostgresReminderServiceTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly TimeSpan Timeout = PostgresOrleansSilo.Timeout;

    private string ConnectionString => database.DataSource.ConnectionString;

    [Fact]
    public async Task RegisterOrUpdateReminder_NewReminder_StoredWithGrainHashFiresAndReadsBack()
    {
        const string ServiceId = "reminders-register";
        await using var silo = await PostgresOrleansSilo.StartAsync(ConnectionString, ServiceId);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grains.GetGrain<IReminderProbeGrain>(key);

        await grain.RegisterAsync("tick", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).WaitAsync(Timeout);
        await grain.RegisterAsync("tock", TimeSpan.FromHours(1), TimeSpan.FromHours(1)).WaitAsync(Timeout);

        var grainId = grain.GetGrainId();
        Assert.Equal(unchecked((int)grainId.GetUniformHashCode()), await database.ScalarAsync<int>(
            "SELECT grain_hash FROM orleans_reminders WHERE service_id = $1 AND grain_id = $2 AND reminder_name = 'tick'", ServiceId, grainId.ToString()));
        Assert.Equal(60_000L, await database.ScalarAsync<long>(
            "SELECT period_ms FROM orleans_reminders WHERE service_id = $1 AND grain_id = $2 AND reminder_name = 'tick'", ServiceId, grainId.ToString()));
        await silo.Firings.FiredAsync(key, "tick").WaitAsync(Timeout);
        Assert.Equal("tick", await grain.GetAsync("tick"));
        Assert.Equal(["tick", "tock"], await grain.ListAsync());
    }

    [Fact]
    public async Task UnregisterReminder_RegisteredReminder_RowAndReminderGone()
    {
        const string ServiceId = "reminders-unregister";
        await using var silo = await PostgresOrleansSilo.StartAsync(ConnectionString, ServiceId);
        var grain = silo.Grains.GetGrain<IReminderProbeGrain>(Guid.NewGuid().ToString("N"));
        await grain.RegisterAsync("tick", TimeSpan.FromHours(1), TimeSpan.FromHours(1)).WaitAsync(Timeout);
        await grain.RegisterAsync("keep", TimeSpan.FromHours(1), TimeSpan.FromHours(1)).WaitAsync(Timeout);

        await grain.UnregisterAsync("tick").WaitAsync(Timeout);

        Assert.Null(await grain.GetAsync("tick"));
        Assert.Equal(["keep"], await grain.ListAsync());
        Assert.Equal(["keep"], await ReminderNamesAsync(ServiceId, grain.GetGrainId()));
    }

    [Fact]
    public async Task RegisterOrUpdateReminder_SiloReplacedOnSameDatabase_NewSiloFiresIt()
    {
        const string ServiceId = "reminders-durable";
        var key = Guid.NewGuid().ToString("N");
        await using (var first = await PostgresOrleansSilo.StartAsync(ConnectionString, ServiceId))
        {
            await first.Grains.GetGrain<IReminderProbeGrain>(key).RegisterAsync("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)).WaitAsync(Timeout);
        }

        // Nothing calls the grain on the new silo: only the stored reminder can activate it there.
        await using var second = await PostgresOrleansSilo.StartAsync(ConnectionString, ServiceId);

        await second.Firings.FiredAsync(key, "tick").WaitAsync(Timeout);
    }

    [Fact]
    public async Task UseAdoNetReminderService_ServiceIds_KeepTheirRowsApart()
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var silo = await PostgresOrleansSilo.StartAsync(ConnectionString, "reminders-service-a"))
        {
            await silo.Grains.GetGrain<IReminderProbeGrain>(key).RegisterAsync("tick", TimeSpan.FromHours(1), TimeSpan.FromHours(1)).WaitAsync(Timeout);
        }

        await using var other = await PostgresOrleansSilo.StartAsync(ConnectionString, "reminders-service-b");

        Assert.Empty(await other.Grains.GetGrain<IReminderProbeGrain>(key).ListAsync());
    }

    private async Task<List<string>> ReminderNamesAsync(string serviceId, GrainId grainId)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT reminder_name FROM orleans_reminders WHERE service_id = $1 AND grain_id = $2 ORDER BY reminder_name");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = serviceId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = grainId.ToString() });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
