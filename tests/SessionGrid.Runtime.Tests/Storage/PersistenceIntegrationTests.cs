using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;
using SessionGrid.Runtime.Tests.Reminders;
using Xunit;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>Persistence through the real grain runtime (AddGrainRuntime), on fake time.</summary>
public sealed class PersistenceIntegrationTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private readonly ObservableTimeProvider _time = new();
    private readonly CountingGrainStorage _storage = new();
    private readonly RecordingReminderTable _reminders = new();

    [Fact]
    public async Task IncrementAsync_WriteBehind_WrittenInOneBatchAfterMaxStaleness()
    {
        await using var silo = await PersistenceSilo.StartAsync(_time, _storage, _reminders);
        for (var i = 0; i < 20; i++)
        {
            await silo.Grain($"g{i}").IncrementAsync();
            await silo.Grain($"g{i}").IncrementAsync();
        }

        Assert.Equal(20, silo.Flusher.DirtyCount);
        Assert.Equal(0, _storage.BatchCalls.Value);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _storage.RowsWritten.WhenAtLeastAsync(20);

        Assert.Equal([20], _storage.BatchSizes);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(2, Stored($"g{i}")!.Count));
    }

    [Fact]
    public async Task SaveAsync_WriteThrough_DurableWhenCallReturns()
    {
        await using var silo = await PersistenceSilo.StartAsync(_time, _storage, _reminders);

        await silo.Grain("a").SaveAsync(5).AsTask().WaitAsync(Guard);

        Assert.Equal(5, Stored("a")!.Count);
    }

    [Fact]
    public async Task StopAsync_DirtyGrains_WrittenAndLoadedByNextSilo()
    {
        var first = await PersistenceSilo.StartAsync(_time, _storage, _reminders);
        await first.Grain("a").IncrementAsync();
        await first.Grain("a").IncrementAsync();
        await first.Grain("a").IncrementAsync();
        await first.DisposeAsync();

        Assert.Equal(3, Stored("a")!.Count);
        await using var second = await PersistenceSilo.StartAsync(_time, _storage, _reminders);
        Assert.Equal(3, await second.Grain("a").GetAsync().AsTask().WaitAsync(Guard));
    }

    [Fact]
    public async Task SaveAsync_OtherSiloWroteMeanwhile_ConflictDeactivatesAndNextCallReloads()
    {
        await using var one = await PersistenceSilo.StartAsync(_time, _storage, _reminders);
        await using var two = await PersistenceSilo.StartAsync(_time, _storage, _reminders);
        await one.Grain("a").GetAsync();
        await two.Grain("a").GetAsync();
        await one.Grain("a").SaveAsync(1);

        await Assert.ThrowsAsync<InconsistentStateException>(() => two.Grain("a").SaveAsync(2).AsTask().WaitAsync(Guard));

        Assert.Equal(1, await two.Grain("a").GetAsync().AsTask().WaitAsync(Guard));
        Assert.Equal(1, two.Flusher.Conflicts);
        Assert.Equal(1, Stored("a")!.Count);
    }

    [Fact]
    public async Task Reminder_AfterSiloRestart_ActivatesGrainWhichLoadsAndWritesState()
    {
        var first = await PersistenceSilo.StartAsync(_time, _storage, _reminders);
        await first.Grain("a").SaveAsync(1);
        await first.Grain("a").RemindAsync(TimeSpan.FromSeconds(30));
        await first.DisposeAsync();
        Assert.Equal(1, _reminders.Inner.Count);

        await using var second = await PersistenceSilo.StartAsync(_time, _storage, _reminders);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _reminders.Removes.WhenAtLeastAsync(1);

        var stored = Stored("a")!;
        Assert.Equal(101, stored.Count);
        Assert.Equal("wake", stored.Name);
        Assert.Null(await second.Services.GetRequiredService<IReminderRegistry>().GetReminderAsync(new GrainId(PersistenceSilo.GrainType, "a"), "wake"));
    }

    private TestState? Stored(string key) => _storage.Stored("counter", new GrainId(PersistenceSilo.GrainType, key));
}
