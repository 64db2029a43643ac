using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;
using Xunit;

namespace SessionGrid.Runtime.Tests.Storage;

public sealed class PersistentStateTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OnActivatingAsync_ExistingRecord_LoadsStateAndETag()
    {
        await using var harness = new FlusherHarness();
        var context = new FakeGrainContext("a");
        await harness.Storage.Inner.WriteStateAsync(FlusherHarness.StateName, context.GrainId, new GrainState<TestState> { State = new TestState { Count = 4 } }, CancellationToken.None);
        var state = harness.CreateState(context);

        await context.ActivateAsync();

        Assert.Equal(4, state.State.Count);
        Assert.Equal("1", state.Etag);
        Assert.True(state.RecordExists);
        Assert.False(state.IsDirty);
    }

    [Fact]
    public async Task OnActivatingAsync_MissingRecord_NewStateAndNoRecord()
    {
        await using var harness = new FlusherHarness();
        var context = new FakeGrainContext("a");
        var state = harness.CreateState(context);

        await context.ActivateAsync();

        Assert.Equal(0, state.State.Count);
        Assert.Null(state.Etag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task MarkDirty_ThenFlush_IsDirtyUntilWritten()
    {
        await using var harness = new FlusherHarness();
        var state = harness.CreateState("a");
        Assert.False(state.IsDirty);

        state.MarkDirty();
        Assert.True(state.IsDirty);
        await harness.Flusher.SnapshotDirtyAsync().WaitAsync(Guard);
        Assert.True(state.IsDirty);
        await harness.Flusher.FlushAllAsync().WaitAsync(Guard);

        Assert.False(state.IsDirty);
    }

    [Fact]
    public async Task OnDeactivatingAsync_DirtyState_WritesItThrough()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        var context = new FakeGrainContext("a");
        var state = harness.CreateState(context);
        await context.ActivateAsync();
        state.State.Count = 12;
        state.MarkDirty();

        await context.DeactivateAsync(DeactivationReason.IdleCollection).WaitAsync(Guard);

        Assert.Equal(12, harness.Storage.Stored(FlusherHarness.StateName, context.GrainId)!.Count);
        Assert.False(state.IsDirty);

        // The dirty-set entry left behind is skipped by the next flush.
        Assert.Equal(0, await harness.Flusher.FlushAllAsync().WaitAsync(Guard));
    }

    [Fact]
    public async Task OnDeactivatingAsync_CleanState_WritesNothing()
    {
        await using var harness = new FlusherHarness();
        var context = new FakeGrainContext("a");
        harness.CreateState(context);
        await context.ActivateAsync();

        await context.DeactivateAsync(DeactivationReason.IdleCollection).WaitAsync(Guard);

        Assert.Equal(0, harness.Storage.BatchCalls.Value);
    }

    [Fact]
    public async Task OnDeactivatingAsync_StateConflictReason_DoesNotWrite()
    {
        await using var harness = new FlusherHarness();
        var context = new FakeGrainContext("a");
        var state = harness.CreateState(context);
        await context.ActivateAsync();
        state.MarkDirty();

        await context.DeactivateAsync(DeactivationReason.StateConflict).WaitAsync(Guard);

        Assert.Equal(0, harness.Storage.BatchCalls.Value);
    }

    [Fact]
    public async Task ClearStateAsync_AfterWrite_RemovesRecordAndResetsState()
    {
        await using var harness = new FlusherHarness();
        var state = harness.CreateState("a");
        state.State.Count = 3;
        await state.WriteStateAsync().WaitAsync(Guard);

        await state.ClearStateAsync().WaitAsync(Guard);

        Assert.Equal(0, state.State.Count);
        Assert.Null(state.Etag);
        Assert.False(state.RecordExists);
        Assert.Null(harness.Storage.Stored(FlusherHarness.StateName, state.Context.GrainId));

        state.State.Count = 5;
        await state.WriteStateAsync().WaitAsync(Guard);
        Assert.Equal("1", state.Etag);
    }

    [Fact]
    public async Task ClearStateAsync_WriteStillPending_WaitsForItThenClears()
    {
        await using var harness = new FlusherHarness();
        await harness.StartAsync();
        var state = harness.CreateState("a");
        harness.Storage.Block();
        var write = state.WriteStateAsync();
        await harness.Storage.BatchCalls.WhenAtLeastAsync(1);

        var clear = state.ClearStateAsync();
        Assert.False(clear.IsCompleted);
        harness.Storage.Release();
        await Task.WhenAll(write, clear).WaitAsync(Guard);

        Assert.Null(harness.Storage.Stored(FlusherHarness.StateName, state.Context.GrainId));
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task ReadStateAsync_AfterWrite_SeesWrittenVersion()
    {
        await using var harness = new FlusherHarness();
        var state = harness.CreateState("a");
        state.State.Count = 8;
        await state.WriteStateAsync().WaitAsync(Guard);
        state.State.Count = 100;

        await state.ReadStateAsync().WaitAsync(Guard);

        Assert.Equal(8, state.State.Count);
        Assert.Equal("1", state.Etag);
    }

    [Fact]
    public void Create_DefaultStorage_RegistersLifecycleParticipant()
    {
        using var services = new ServiceCollection().AddGrainStorageCore().BuildServiceProvider();
        var factory = services.GetRequiredService<IPersistentStateFactory>();
        var context = new FakeGrainContext("a");

        var state = factory.Create<TestState>(context, "s", storageName: null);

        Assert.Same(state, Assert.Single(context.Participants));
    }

    [Fact]
    public async Task Create_NamedStorage_WritesToThatProvider()
    {
        await using var services = new ServiceCollection().AddGrainStorageCore().AddMemoryGrainStorage("other").BuildServiceProvider();
        var factory = services.GetRequiredService<IPersistentStateFactory>();
        var context = new FakeGrainContext("a");
        var state = factory.Create<TestState>(context, "s", "other");

        await state.WriteStateAsync().WaitAsync(Guard);

        Assert.Equal(1, services.GetRequiredKeyedService<MemoryGrainStorage>("other").Count("s"));
        Assert.Equal(0, services.GetRequiredKeyedService<MemoryGrainStorage>(GrainStorageNames.Default).Count("s"));
    }

    [Fact]
    public void Create_UnknownStorage_ThrowsNamingIt()
    {
        using var services = new ServiceCollection().AddGrainStorageCore().BuildServiceProvider();
        var factory = services.GetRequiredService<IPersistentStateFactory>();

        var error = Assert.Throws<InvalidOperationException>(() => factory.Create<TestState>(new FakeGrainContext("a"), "s", "nope"));

        Assert.Contains("'nope'", error.Message);
    }
}
