using System.Diagnostics.Metrics;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;
using Xunit;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>The flusher when storage fails, conflicts, or cannot keep up.</summary>
public sealed class StateFlusherFailureTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WriteStateAsync_StorageFailing_StaysPendingThenCompletesAfterRecovery()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        var state = harness.CreateState("a");
        state.State.Count = 3;
        harness.Storage.Failing = true;

        var write = state.WriteStateAsync();
        await harness.Time.WaitForArmedAsync(harness.Options.RetryBackoffInitial);

        Assert.False(write.IsCompleted);
        Assert.True(harness.Flusher.IsDegraded);
        Assert.Equal(1, harness.Flusher.WriteFailures);
        Assert.Equal(1, harness.Flusher.PendingWrites);

        // Still down at the first retry: the wait doubles, the write stays pending.
        harness.Time.Advance(harness.Options.RetryBackoffInitial);
        await harness.Time.WaitForArmedAsync(harness.Options.RetryBackoffInitial * 2);
        Assert.False(write.IsCompleted);
        Assert.Equal(2, harness.Storage.FailedBatches.Value);

        harness.Storage.Failing = false;
        harness.Time.Advance(harness.Options.RetryBackoffInitial * 2);
        await write.WaitAsync(Guard);
        Assert.False(harness.Flusher.IsDegraded);
        Assert.Equal(0, harness.Flusher.PendingWrites);
        Assert.Equal("1", state.Etag);
        Assert.Equal(3, harness.Storage.Stored(FlusherHarness.StateName, state.Context.GrainId)!.Count);
    }

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsAndDeactivatesActivation()
    {
        await using var harness = new FlusherHarness();
        var context = new FakeGrainContext("a");
        var state = harness.CreateState(context);
        await context.ActivateAsync();

        // Another activation (another silo) wrote the row meanwhile.
        await harness.Storage.Inner.WriteStateAsync(FlusherHarness.StateName, context.GrainId, new GrainState<TestState> { State = new TestState { Count = 9 } }, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => state.WriteStateAsync().WaitAsync(Guard));

        Assert.Equal(DeactivationReason.StateConflict, await context.Deactivated.WaitAsync(Guard));
        Assert.Equal(1, harness.Flusher.Conflicts);
        Assert.Equal(9, harness.Storage.Stored(FlusherHarness.StateName, context.GrainId)!.Count);
        await Assert.ThrowsAsync<InconsistentStateException>(() => state.WriteStateAsync());
    }

    [Fact]
    public async Task FlushAllAsync_WriteBehindConflict_DeactivatesActivationAndWritesOthers()
    {
        await using var harness = new FlusherHarness();
        var conflicted = new FakeGrainContext("a");
        var stale = harness.CreateState(conflicted);
        var healthy = harness.CreateState("b");
        await harness.Storage.Inner.WriteStateAsync(FlusherHarness.StateName, conflicted.GrainId, new GrainState<TestState>(), CancellationToken.None);
        stale.MarkDirty();
        healthy.MarkDirty();

        var rows = await harness.Flusher.FlushAllAsync().WaitAsync(Guard);

        Assert.Equal(1, rows);
        Assert.Equal(DeactivationReason.StateConflict, await conflicted.Deactivated.WaitAsync(Guard));
        Assert.Equal(1, harness.Flusher.Conflicts);
        Assert.Equal(0, harness.Flusher.WriteFailures);
        Assert.Equal("1", healthy.Etag);
    }

    [Fact]
    public async Task WhenDegraded_FirstFailedBatch_CompletesThenRearmsAfterRecovery()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        var healthy = harness.Flusher.WhenDegraded;
        await harness.CreateState("a").WriteStateAsync().WaitAsync(Guard);
        Assert.False(healthy.IsCompleted);

        harness.Storage.Failing = true;
        var write = harness.CreateState("b").WriteStateAsync();

        // A waiter learns that the write is stuck from the flusher itself, not from a timer.
        await healthy.WaitAsync(Guard);
        Assert.False(write.IsCompleted);
        Assert.True(harness.Flusher.WhenDegraded.IsCompleted);

        await harness.Time.WaitForArmedAsync(harness.Options.RetryBackoffInitial);
        harness.Storage.Failing = false;
        harness.Time.Advance(harness.Options.RetryBackoffInitial);
        await write.WaitAsync(Guard);

        Assert.False(harness.Flusher.WhenDegraded.IsCompleted);
    }

    [Fact]
    public async Task EnqueueWriteBehind_BufferFull_ShedsOldestWriteBehindOnlyAndCountsIt()
    {
        await using var harness = new FlusherHarness(o => o.MaxPendingWrites = 3);
        await harness.StartAsync();
        harness.Storage.Block();
        var inFlight = harness.CreateState("in-flight").WriteStateAsync();
        await harness.Storage.BatchCalls.WhenAtLeastAsync(1);
        var throughState = harness.CreateState("through");
        var through = throughState.WriteStateAsync();
        var behind = Enumerable.Range(0, 4).Select(i => harness.CreateState($"behind{i}")).ToList();
        foreach (var state in behind)
        {
            state.State.Count = 1;
            state.MarkDirty();
        }

        // Queued in order: through, behind0..3; capacity 3 sheds behind0 and behind1.
        await harness.Flusher.SnapshotDirtyAsync().WaitAsync(Guard);

        Assert.Equal(2, harness.Flusher.ShedWrites);
        Assert.Equal(4, harness.Flusher.PendingWrites);
        Assert.Equal(2L, ObserveInstrument(harness.Flusher, "sessiongrid.storage.shed_writes"));
        harness.Storage.Release();
        await Task.WhenAll(inFlight, through).WaitAsync(Guard);
        await harness.Flusher.FlushAllAsync().WaitAsync(Guard);
        Assert.NotNull(harness.Storage.Stored(FlusherHarness.StateName, throughState.Context.GrainId));
        Assert.Null(harness.Storage.Stored(FlusherHarness.StateName, behind[0].Context.GrainId));
        Assert.Null(harness.Storage.Stored(FlusherHarness.StateName, behind[1].Context.GrainId));
        Assert.NotNull(harness.Storage.Stored(FlusherHarness.StateName, behind[2].Context.GrainId));
        Assert.NotNull(harness.Storage.Stored(FlusherHarness.StateName, behind[3].Context.GrainId));

        // A shed state is not durable, and says so: deactivation will write it through.
        Assert.True(behind[0].IsDirty);
        Assert.False(behind[3].IsDirty);
    }

    [Fact]
    public async Task EnqueueWriteThrough_BufferFullOfWriteThroughs_ShedsNothing()
    {
        await using var harness = new FlusherHarness(o => o.MaxPendingWrites = 2);
        await harness.StartAsync();
        harness.Storage.Block();
        var first = harness.CreateState("first").WriteStateAsync();
        await harness.Storage.BatchCalls.WhenAtLeastAsync(1);

        var writes = Enumerable.Range(0, 5).Select(i => harness.CreateState($"g{i}").WriteStateAsync()).ToList();
        Assert.Equal(6, harness.Flusher.PendingWrites);
        harness.Storage.Release();
        await Task.WhenAll(writes.Append(first)).WaitAsync(Guard);

        Assert.Equal(0, harness.Flusher.ShedWrites);
        Assert.Equal(6, harness.Storage.Inner.Count(FlusherHarness.StateName));
    }

    /// <summary>Collects one observable instrument of <paramref name="flusher"/>'s own meter, as an exporter would.</summary>
    private static long ObserveInstrument(object flusher, string name)
    {
        long? observed = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StateFlusherMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, flusher) && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => observed = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return observed ?? throw new InvalidOperationException($"Instrument {name} was not published by this flusher's meter.");
    }
}
