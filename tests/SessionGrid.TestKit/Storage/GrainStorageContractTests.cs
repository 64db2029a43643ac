using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;
using Xunit;

namespace SessionGrid.TestKit.Storage;

/// <summary>
/// What every <see cref="IGrainStorage"/> must do; one subclass per provider. Each test uses fresh grain
/// ids, so a subclass may share one database between tests. The state is a plain type under a plain state
/// name, so a provider with typed tables stores it in its generic one.
/// </summary>
public abstract class GrainStorageContractTests
{
    protected const string StateName = "contract";

    protected abstract IGrainStorage Storage { get; }

    protected static GrainId NewGrainId() => new("contract", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ReadStateAsync_MissingRecord_RecordExistsFalseAndNewState()
    {
        var state = new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 7 }, ETag = "9", RecordExists = true };

        await Storage.ReadStateAsync(StateName, NewGrainId(), state, CancellationToken.None);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Count);
    }

    [Fact]
    public async Task WriteStateAsync_ThenRead_ReturnsWrittenStateAndVersion()
    {
        var grainId = NewGrainId();
        var written = new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 3, Name = "a", Items = [1, 2] } };

        await Storage.WriteStateAsync(StateName, grainId, written, CancellationToken.None);
        var read = new GrainState<GrainStorageContractState>();
        await Storage.ReadStateAsync(StateName, grainId, read, CancellationToken.None);

        Assert.Equal("1", written.ETag);
        Assert.True(written.RecordExists);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(3, read.State.Count);
        Assert.Equal("a", read.State.Name);
        Assert.Equal([1, 2], read.State.Items);
    }

    [Fact]
    public async Task WriteStateAsync_CurrentETag_IncrementsVersion()
    {
        var grainId = NewGrainId();
        var state = new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 1 } };
        await Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);

        state.State.Count = 2;
        await Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);

        Assert.Equal("2", state.ETag);
        var read = new GrainState<GrainStorageContractState>();
        await Storage.ReadStateAsync(StateName, grainId, read, CancellationToken.None);
        Assert.Equal(2, read.State.Count);
    }

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsInconsistentStateException()
    {
        var grainId = NewGrainId();
        var first = new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 1 } };
        await Storage.WriteStateAsync(StateName, grainId, first, CancellationToken.None);
        var stale = new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 2 }, ETag = first.ETag };
        await Storage.WriteStateAsync(StateName, grainId, first, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, stale, CancellationToken.None));

        Assert.Equal("2", error.StoredEtag);
        var read = new GrainState<GrainStorageContractState>();
        await Storage.ReadStateAsync(StateName, grainId, read, CancellationToken.None);
        Assert.Equal(1, read.State.Count);
    }

    [Fact]
    public async Task WriteStateAsync_NullETagOverExistingRecord_ThrowsInconsistentStateException()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, new GrainState<GrainStorageContractState>(), CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync(StateName, grainId, new GrainState<GrainStorageContractState>(), CancellationToken.None));
    }

    [Fact]
    public async Task WriteStateAsync_ETagForMissingRecord_ThrowsInconsistentStateException()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync(StateName, NewGrainId(), new GrainState<GrainStorageContractState> { ETag = "1" }, CancellationToken.None));
    }

    [Fact]
    public async Task WriteStateAsync_SameGrainOtherStateName_IsSeparateRecord()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 1 } }, CancellationToken.None);

        var other = new GrainState<GrainStorageContractState>();
        await Storage.ReadStateAsync(StateName + "-other", grainId, other, CancellationToken.None);

        Assert.False(other.RecordExists);
    }

    [Fact]
    public async Task ClearStateAsync_CurrentETag_RemovesRecord()
    {
        var grainId = NewGrainId();
        var state = new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 5 } };
        await Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);

        await Storage.ClearStateAsync(StateName, grainId, state, CancellationToken.None);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Count);
        var read = new GrainState<GrainStorageContractState>();
        await Storage.ReadStateAsync(StateName, grainId, read, CancellationToken.None);
        Assert.False(read.RecordExists);

        // After a clear the next write starts a new record.
        await Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task ClearStateAsync_StaleETag_ThrowsAndKeepsRecord()
    {
        var grainId = NewGrainId();
        var state = new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 5 } };
        await Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);
        var stale = new GrainState<GrainStorageContractState> { ETag = state.ETag };
        await Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale, CancellationToken.None));

        var read = new GrainState<GrainStorageContractState>();
        await Storage.ReadStateAsync(StateName, grainId, read, CancellationToken.None);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task ClearStateAsync_MissingRecordNullETag_Succeeds()
    {
        var state = new GrainState<GrainStorageContractState>();

        await Storage.ClearStateAsync(StateName, NewGrainId(), state, CancellationToken.None);

        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteBatchAsync_MixedEntries_EachSucceedsOrFailsOnItsOwn()
    {
        var existing = NewGrainId();
        var seeded = new GrainState<GrainStorageContractState> { State = new GrainStorageContractState { Count = 1 } };
        await Storage.WriteStateAsync(StateName, existing, seeded, CancellationToken.None);
        var fresh = NewGrainId();
        var conflicting = NewGrainId();
        await Storage.WriteStateAsync(StateName, conflicting, new GrainState<GrainStorageContractState>(), CancellationToken.None);
        var writes = new[]
        {
            new GrainStateWrite(StateName, existing, typeof(GrainStorageContractState), new GrainStorageContractState { Count = 2 }, seeded.ETag),
            new GrainStateWrite(StateName, fresh, typeof(GrainStorageContractState), new GrainStorageContractState { Count = 10 }, expectedETag: null),
            new GrainStateWrite(StateName, conflicting, typeof(GrainStorageContractState), new GrainStorageContractState { Count = 99 }, expectedETag: null),
        };

        await Storage.WriteBatchAsync(writes, CancellationToken.None);

        Assert.Equal("2", writes[0].NewETag);
        Assert.Null(writes[0].Error);
        Assert.Equal("1", writes[1].NewETag);
        Assert.Null(writes[2].NewETag);
        Assert.IsType<InconsistentStateException>(writes[2].Error);
        Assert.Equal(2, (await ReadAsync(existing)).Count);
        Assert.Equal(10, (await ReadAsync(fresh)).Count);
        Assert.Equal(0, (await ReadAsync(conflicting)).Count);
    }

    [Fact]
    public async Task WriteBatchAsync_SameVersionChainAcrossBatches_EachBatchAdvancesVersion()
    {
        var grainId = NewGrainId();
        var first = new GrainStateWrite(StateName, grainId, typeof(GrainStorageContractState), new GrainStorageContractState { Count = 1 }, null);
        await Storage.WriteBatchAsync([first], CancellationToken.None);
        var second = new GrainStateWrite(StateName, grainId, typeof(GrainStorageContractState), new GrainStorageContractState { Count = 2 }, first.NewETag);

        await Storage.WriteBatchAsync([second], CancellationToken.None);

        Assert.Equal("2", second.NewETag);
        Assert.Equal(2, (await ReadAsync(grainId)).Count);
    }

    private async Task<GrainStorageContractState> ReadAsync(GrainId grainId)
    {
        var read = new GrainState<GrainStorageContractState>();
        await Storage.ReadStateAsync(StateName, grainId, read, CancellationToken.None);
        return read.State;
    }
}
