using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;
using Xunit;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>Batching, staleness, snapshots and shutdown of the flusher.</summary>
public sealed class StateFlusherTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FlushAllAsync_ManyDirtyStates_WritesThemInOneBatch()
    {
        await using var harness = new FlusherHarness();
        var states = Enumerable.Range(0, 500).Select(i => harness.CreateState($"g{i}")).ToList();
        foreach (var state in states)
        {
            state.State.Count = 1;
            state.MarkDirty();
        }

        var rows = await harness.Flusher.FlushAllAsync().WaitAsync(Guard);

        Assert.Equal(500, rows);
        Assert.Equal(1, harness.Storage.BatchCalls.Value);
        Assert.Equal(1, harness.Flusher.BatchesWritten);
        Assert.Equal(500, harness.Flusher.RowsWritten);
        Assert.Equal(500, harness.Storage.Inner.Count(FlusherHarness.StateName));
        Assert.All(states, s => Assert.False(s.IsDirty));
        Assert.All(states, s => Assert.Equal("1", s.Etag));
    }

    [Fact]
    public async Task FlushAllAsync_MoreDirtyStatesThanBatchSize_WritesFullBatches()
    {
        await using var harness = new FlusherHarness(o => o.MaxBatchSize = 100);
        for (var i = 0; i < 450; i++)
        {
            harness.CreateState($"g{i}").MarkDirty();
        }

        var rows = await harness.Flusher.FlushAllAsync().WaitAsync(Guard);

        Assert.Equal(450, rows);
        Assert.Equal([100, 100, 100, 100, 50], harness.Storage.BatchSizes);
    }

    [Fact]
    public async Task MarkDirty_BeforeMaxStaleness_NothingWrittenThenAllWrittenAfter()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        var states = Enumerable.Range(0, 10).Select(i => harness.CreateState($"g{i}")).ToList();
        foreach (var state in states)
        {
            state.State.Count = 7;
            state.MarkDirty();
        }

        harness.Time.Advance(harness.Options.MaxStaleness - TimeSpan.FromTicks(1));
        Assert.Equal(0, harness.Storage.BatchCalls.Value);
        Assert.Equal(10, harness.Flusher.DirtyCount);

        harness.Time.Advance(TimeSpan.FromTicks(1));
        await harness.Storage.RowsWritten.WhenAtLeastAsync(10);

        // FlushAll waits for the batch in flight, then finds nothing more to write.
        Assert.Equal(0, await harness.Flusher.FlushAllAsync().WaitAsync(Guard));
        Assert.Equal(1, harness.Storage.BatchCalls.Value);
        Assert.Equal(0, harness.Flusher.DirtyCount);
        Assert.All(states, s => Assert.False(s.IsDirty));
        Assert.All(states, s => Assert.Equal(7, harness.Storage.Stored(FlusherHarness.StateName, s.Context.GrainId)!.Count));
        Assert.Equal(harness.Time.GetUtcNow(), harness.Flusher.LastFlushTime);
    }

    [Fact]
    public async Task WriteStateAsync_StorageHoldsBatch_CompletesOnlyOnceWritten()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        var state = harness.CreateState("a");
        state.State.Count = 1;
        harness.Storage.Block();

        var write = state.WriteStateAsync();
        await harness.Storage.BatchCalls.WhenAtLeastAsync(1);

        Assert.False(write.IsCompleted);
        Assert.True(state.IsDirty);
        Assert.Equal(0, harness.Storage.Inner.Count(FlusherHarness.StateName));
        harness.Storage.Release();
        await write.WaitAsync(Guard);
        Assert.Equal("1", state.Etag);
        Assert.True(state.RecordExists);
        Assert.False(state.IsDirty);
        Assert.Equal(1, harness.Storage.Stored(FlusherHarness.StateName, state.Context.GrainId)!.Count);
    }

    [Fact]
    public async Task WriteStateAsync_ManyGrainsWhileBatchInFlight_CoalesceIntoOneBatch()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        harness.Storage.Block();
        var first = harness.CreateState("first").WriteStateAsync();
        await harness.Storage.BatchCalls.WhenAtLeastAsync(1);

        var writes = Enumerable.Range(0, 50).Select(i => harness.CreateState($"g{i}").WriteStateAsync()).ToList();
        harness.Storage.Release();
        await Task.WhenAll(writes.Append(first)).WaitAsync(Guard);

        Assert.Equal([1, 50], harness.Storage.BatchSizes);
    }

    [Fact]
    public async Task FlushAllAsync_StateMutatedAfterSnapshot_WritesSnapshotValue()
    {
        await using var harness = new FlusherHarness();
        var state = harness.CreateState("a");
        state.State.Count = 1;
        state.State.Items.Add(1);
        state.MarkDirty();
        await harness.Flusher.SnapshotDirtyAsync().WaitAsync(Guard);

        state.State.Count = 2;
        state.State.Items.Add(2);
        await harness.Flusher.FlushAllAsync().WaitAsync(Guard);

        var stored = harness.Storage.Stored(FlusherHarness.StateName, state.Context.GrainId)!;
        Assert.Equal(1, stored.Count);
        Assert.Equal([1], stored.Items);
    }

    [Fact]
    public async Task WriteStateAsync_StateMutatedWhileWriting_WritesValueAtCall()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        harness.Storage.Block();
        var state = harness.CreateState("a");
        state.State.Count = 1;
        var write = state.WriteStateAsync();
        await harness.Storage.BatchCalls.WhenAtLeastAsync(1);

        state.State.Count = 2;
        harness.Storage.Release();
        await write.WaitAsync(Guard);

        Assert.Equal(1, harness.Storage.Stored(FlusherHarness.StateName, state.Context.GrainId)!.Count);
    }

    [Fact]
    public async Task WriteStateAsync_NewerSnapshotsQueuedWhileWriting_NewestWinsInOneMoreWrite()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        harness.Storage.Block();
        var state = harness.CreateState("a");
        state.State.Count = 1;
        var first = state.WriteStateAsync();
        await harness.Storage.BatchCalls.WhenAtLeastAsync(1);
        state.State.Count = 2;
        state.MarkDirty();
        await harness.Flusher.SnapshotDirtyAsync().WaitAsync(Guard);
        state.State.Count = 3;
        var second = state.WriteStateAsync();

        harness.Storage.Release();
        await Task.WhenAll(first, second).WaitAsync(Guard);

        Assert.Equal([1, 1], harness.Storage.BatchSizes);
        Assert.Equal("2", state.Etag);
        Assert.Equal(3, harness.Storage.Stored(FlusherHarness.StateName, state.Context.GrainId)!.Count);
    }

    [Fact]
    public async Task MarkDirty_AlreadyDirty_AllocatesNothing()
    {
        await using var harness = new FlusherHarness();
        var state = harness.CreateState("a");
        state.MarkDirty();
        state.MarkDirty();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            state.MarkDirty();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1, harness.Flusher.DirtyCount);
    }

    [Fact]
    public async Task StopAsync_DirtyStates_WritesThemAllThenWritesInline()
    {
        var harness = new FlusherHarness();
        await harness.StartAsync();
        var states = Enumerable.Range(0, 20).Select(i => harness.CreateState($"g{i}")).ToList();
        states.ForEach(s => s.MarkDirty());

        await harness.Flusher.StopAsync(CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(20, harness.Storage.Inner.Count(FlusherHarness.StateName));
        Assert.Equal(0, harness.Flusher.DirtyCount);

        // After stop (a deactivation late in shutdown) a write-through still completes.
        await harness.CreateState("late").WriteStateAsync().WaitAsync(Guard);
        Assert.Equal(21, harness.Storage.Inner.Count(FlusherHarness.StateName));
        harness.Flusher.Dispose();
    }

    [Fact]
    public async Task FlushAllAsync_ActivationGone_DropsSnapshotWithoutHanging()
    {
        await using var harness = new FlusherHarness();
        var context = new FakeGrainContext("a");
        var state = harness.CreateState(context);
        state.MarkDirty();
        context.IsGone = true;

        var rows = await harness.Flusher.FlushAllAsync().WaitAsync(Guard);

        Assert.Equal(0, rows);
        Assert.Equal(0, harness.Storage.BatchCalls.Value);
    }

    [Fact]
    public async Task Tick_ActivationBusy_WritesOthersAfterSnapshotTimeoutAndTheLateOneLater()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        var busy = new FakeGrainContext("busy", runInline: false);
        var busyState = harness.CreateState(busy);
        var idle = harness.CreateState("idle");
        busyState.MarkDirty();
        idle.MarkDirty();

        harness.Time.Advance(harness.Options.MaxStaleness);
        await harness.Time.WaitForArmedAsync(harness.Options.SnapshotTimeout);
        Assert.Equal(0, harness.Storage.BatchCalls.Value);
        harness.Time.Advance(harness.Options.SnapshotTimeout);
        await harness.Storage.RowsWritten.WhenAtLeastAsync(1);
        Assert.Equal(1, busy.QueuedCount);

        await busy.RunQueuedAsync();
        await harness.Storage.RowsWritten.WhenAtLeastAsync(2);
        Assert.NotNull(harness.Storage.Stored(FlusherHarness.StateName, busy.GrainId));
    }
}
