using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using SessionGrid.Postgres.Orleans;
using SessionGrid.Postgres.Tests.Storage;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>Orleans' ADO.NET grain storage on our OrleansQuery contract, through real silos and a real database.</summary>
public sealed class PostgresGrainStorageProviderTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private const string ServiceId = "grain-storage";
    private const string DeletingProvider = "delete-on-clear";

    private static readonly TimeSpan Timeout = PostgresOrleansSilo.Timeout;

    private string ConnectionString => database.DataSource.ConnectionString;

    [Fact]
    public async Task WriteStateAsync_SiloRestarted_StateSurvives()
    {
        // Not a bare GUID: the provider would store a key that parses as one as GUID halves.
        var key = $"counter-{Guid.NewGuid():N}";
        await using (var first = await StartSiloAsync())
        {
            var grain = first.Grains.GetGrain<ICounterProbeGrain>(key);
            await grain.IncrementAsync().WaitAsync(Timeout);
            await grain.IncrementAsync().WaitAsync(Timeout);
        }

        await using var second = await StartSiloAsync();

        var again = second.Grains.GetGrain<ICounterProbeGrain>(key);
        Assert.Equal(2, await again.GetAsync().WaitAsync(Timeout));
        Assert.Equal(3, await again.IncrementAsync().WaitAsync(Timeout));
        Assert.Equal(3, await database.ScalarAsync<int>(
            "SELECT version FROM orleans_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_key_ext = $3",
            ServiceId, CounterProbeGrain.StateName, key));
    }

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsInconsistentStateException()
    {
        await using var silo = await StartSiloAsync();
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grainId = GrainId.Create("counterprobe", Guid.NewGuid().ToString("N"));
        var mine = new GrainState<CounterProbeState>(new CounterProbeState { Count = 1 });
        await storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, mine);
        var theirs = new GrainState<CounterProbeState>();
        await storage.ReadStateAsync(CounterProbeGrain.StateName, grainId, theirs);
        theirs.State = new CounterProbeState { Count = 2 };
        await storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, theirs);

        mine.State = new CounterProbeState { Count = 3 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, mine));

        var fresh = new GrainState<CounterProbeState>(new CounterProbeState { Count = 4 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, fresh));
        var stored = new GrainState<CounterProbeState>();
        await storage.ReadStateAsync(CounterProbeGrain.StateName, grainId, stored);
        Assert.Equal((2, "2"), (stored.State?.Count, stored.ETag));
    }

    [Fact]
    public async Task ClearStateAsync_WrittenState_ReadsEmptyAndOldETagConflicts()
    {
        await using var silo = await StartSiloAsync();
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grainId = GrainId.Create("counterprobe", Guid.NewGuid().ToString("N"));
        var state = new GrainState<CounterProbeState>(new CounterProbeState { Count = 5 });
        await storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, state);
        var before = new GrainState<CounterProbeState>();
        await storage.ReadStateAsync(CounterProbeGrain.StateName, grainId, before);

        await storage.ClearStateAsync(CounterProbeGrain.StateName, grainId, state);

        var after = new GrainState<CounterProbeState>();
        await storage.ReadStateAsync(CounterProbeGrain.StateName, grainId, after);
        Assert.False(after.RecordExists);
        Assert.Equal(0, after.State?.Count);
        Assert.Equal(state.ETag, after.ETag);
        Assert.NotEqual(before.ETag, after.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, before));
        after.State = new CounterProbeState { Count = 6 };
        await storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, after);
        Assert.True(after.RecordExists);
    }

    [Fact]
    public async Task ClearStateAsync_DeleteStateOnClear_RemovesTheRow()
    {
        await using var silo = await StartSiloAsync();
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(DeletingProvider);
        var key = Guid.NewGuid().ToString("N");
        var grainId = GrainId.Create("counterprobe", key);
        var state = new GrainState<CounterProbeState>(new CounterProbeState { Count = 7 });
        await storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, state);

        await storage.ClearStateAsync(CounterProbeGrain.StateName, grainId, state);

        Assert.Null(state.ETag);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE service_id = $1 AND grain_key_ext = $2", ServiceId, key));
        state.State = new CounterProbeState { Count = 8 };
        await storage.WriteStateAsync(CounterProbeGrain.StateName, grainId, state);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task WriteStateAsync_IntegerGuidAndCompoundKeys_KeptApart()
    {
        await using var silo = await StartSiloAsync();
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var type = GrainType.Create("counterprobe");
        var number = Random.Shared.NextInt64(1, long.MaxValue);
        var guid = Guid.NewGuid();
        GrainId[] ids =
        [
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number, "a")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "a")),
        ];

        for (var i = 0; i < ids.Length; i++)
        {
            await storage.WriteStateAsync(CounterProbeGrain.StateName, ids[i], new GrainState<CounterProbeState>(new CounterProbeState { Count = i + 10 }));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<CounterProbeState>();
            await storage.ReadStateAsync(CounterProbeGrain.StateName, ids[i], read);
            Assert.Equal((i + 10, "1"), (read.State?.Count, read.ETag));
        }
    }

    // A second provider set up by connection string rather than data source: it also proves that
    // Orleans resolves the "Npgsql" invariant by itself.
    private Task<PostgresOrleansSilo> StartSiloAsync()
        => PostgresOrleansSilo.StartAsync(ConnectionString, ServiceId, silo => silo.AddAdoNetGrainStorage(DeletingProvider, options =>
        {
            options.Invariant = PostgresOrleansSiloBuilderExtensions.Invariant;
            options.ConnectionString = ConnectionString;
            options.DeleteStateOnClear = true;
        }));
}
