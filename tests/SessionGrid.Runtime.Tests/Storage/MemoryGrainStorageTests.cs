using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;
using Xunit;

namespace SessionGrid.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests
{
    private readonly MemoryGrainStorage _storage = new();

    [Fact]
    public async Task WriteStateAsync_CallerMutatesAfterwards_StoredCopyUnchanged()
    {
        var grainId = new GrainId("test", "a");
        var state = new GrainState<TestState> { State = new TestState { Count = 1, Items = [1] } };
        await _storage.WriteStateAsync("s", grainId, state, CancellationToken.None);

        state.State.Count = 2;
        state.State.Items.Add(2);

        var stored = (TestState)_storage.Snapshot("s").Single().Value;
        Assert.Equal(1, stored.Count);
        Assert.Equal([1], stored.Items);
    }

    [Fact]
    public async Task WriteStateAsync_StateCopiesItself_ItsOwnCopyIsStored()
    {
        var state = new SelfCopyingState { Count = 5 };

        await _storage.WriteStateAsync("s", new GrainId("test", "self"), new GrainState<SelfCopyingState> { State = state }, CancellationToken.None);

        var stored = (SelfCopyingState)_storage.Snapshot("s").Single(e => e.Key.Key == "self").Value;
        Assert.Equal(1, state.Copies);
        Assert.NotSame(state, stored);
        Assert.Equal((5, "copied"), (stored.Count, stored.Origin));
    }

    [Fact]
    public async Task ReadStateAsync_ReaderMutatesResult_StoredCopyUnchanged()
    {
        var grainId = new GrainId("test", "a");
        await _storage.WriteStateAsync("s", grainId, new GrainState<TestState> { State = new TestState { Count = 1 } }, CancellationToken.None);
        var read = new GrainState<TestState>();
        await _storage.ReadStateAsync("s", grainId, read, CancellationToken.None);

        read.State.Count = 42;

        var again = new GrainState<TestState>();
        await _storage.ReadStateAsync("s", grainId, again, CancellationToken.None);
        Assert.Equal(1, again.State.Count);
    }

    [Fact]
    public async Task Snapshot_SeveralStateNames_ListsOnlyTheAskedOne()
    {
        await _storage.WriteStateAsync("sessions", new GrainId("test", "a"), new GrainState<TestState> { State = new TestState { Name = "a" } }, CancellationToken.None);
        await _storage.WriteStateAsync("sessions", new GrainId("test", "b"), new GrainState<TestState> { State = new TestState { Name = "b" } }, CancellationToken.None);
        await _storage.WriteStateAsync("other", new GrainId("test", "c"), new GrainState<TestState>(), CancellationToken.None);

        var listed = _storage.Snapshot("sessions");

        Assert.Equal(["a", "b"], listed.Select(p => ((TestState)p.Value).Name).Order());
        Assert.Equal(2, _storage.Count("sessions"));
        Assert.Empty(_storage.Snapshot("missing"));
    }

    [Fact]
    public async Task Constructor_SourceGeneratedSerializerOptions_CopiesWithThem()
    {
        var options = new GrainStateSerializerOptions { JsonSerializerOptions = new JsonSerializerOptions(TestStateJsonContext.Default.Options) };
        var storage = new MemoryGrainStorage(Options.Create(options));
        var grainId = new GrainId("test", "a");

        await storage.WriteStateAsync("s", grainId, new GrainState<TestState> { State = new TestState { Count = 4 } }, CancellationToken.None);
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync("s", grainId, read, CancellationToken.None);

        Assert.Equal(4, read.State.Count);

        // Only the context's types are known: proof the configured options, not reflection, did the copy.
        await Assert.ThrowsAnyAsync<Exception>(
            () => storage.WriteStateAsync("s", grainId, new GrainState<UnlistedState>(), CancellationToken.None));
    }

    public sealed class UnlistedState
    {
        public int Value { get; set; }
    }
}

[JsonSerializable(typeof(TestState))]
internal sealed partial class TestStateJsonContext : JsonSerializerContext;

/// <summary>A state with its own copy; the copy is marked so a test can tell it from a JSON round trip.</summary>
public sealed class SelfCopyingState : IDeepCopyable
{
    public int Count { get; set; }

    public string Origin { get; set; } = "original";

    [JsonIgnore]
    public int Copies { get; private set; }

    public object DeepCopy()
    {
        Copies++;
        return new SelfCopyingState { Count = Count, Origin = "copied" };
    }
}
