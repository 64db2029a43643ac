using System.Text.Json;
using Orleans.Storage;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit.Sessions;
using Xunit;

namespace SessionGrid.TestKit.Storage;

/// <summary>
/// What every <see cref="ISessionStore"/> must do, whatever holds the rows: one subclass per backend. Each
/// test uses fresh session ids, so a backend may share its database across the tests of a class.
/// </summary>
public abstract class SessionStoreContractTests
{
    protected abstract ISessionStore Store { get; }

    [Fact]
    public async Task ReadAsync_MissingRow_ReturnsNull()
    {
        Assert.Null(await Store.ReadAsync(SessionStates.NewId(), CancellationToken.None));
    }

    [Fact]
    public async Task WriteBatchAsync_NewRow_IsReadBackWithVersionOne()
    {
        var id = SessionStates.NewId();
        var state = SessionStates.Full(id);
        var expected = Comparable(state);

        var write = await WriteAsync(id, state, expectedETag: null);

        Assert.Null(write.Error);
        Assert.Equal("1", write.NewETag);
        var stored = await ReadAsync(id);
        Assert.Equal("1", stored.ETag);
        Assert.Equal(expected, Comparable(stored.State));
    }

    [Fact]
    public async Task WriteBatchAsync_CurrentETag_IncrementsTheVersionAndReplacesTheRow()
    {
        var id = SessionStates.NewId();
        await WriteAsync(id, SessionStates.Full(id), expectedETag: null);
        var changed = SessionStates.Full(id, SessionStatus.Live);
        changed.HeartbeatsReceived = 999;

        var write = await WriteAsync(id, changed, expectedETag: "1");

        Assert.Equal("2", write.NewETag);
        var stored = await ReadAsync(id);
        Assert.Equal("2", stored.ETag);
        Assert.Equal(SessionStatus.Live, stored.State.Status);
        Assert.Equal(999, stored.State.HeartbeatsReceived);
    }

    [Fact]
    public async Task WriteBatchAsync_StaleEntries_ConflictOneByOneWhileTheRestOfTheBatchIsWritten()
    {
        var current = SessionStates.NewId();
        var stale = SessionStates.NewId();
        var fresh = SessionStates.NewId();
        var phantom = SessionStates.NewId();
        await WriteAsync(current, SessionStates.Full(current), expectedETag: null);
        await WriteAsync(stale, SessionStates.Full(stale), expectedETag: null);
        await WriteAsync(stale, Changed(stale, 1), expectedETag: "1");
        var writes = new[]
        {
            new SessionStateWrite(current, Changed(current, 1), "1"),
            new SessionStateWrite(stale, Changed(stale, 2), "1"),
            new SessionStateWrite(fresh, SessionStates.Full(fresh), null),
            new SessionStateWrite(phantom, SessionStates.Full(phantom), "5"),
        };

        await Store.WriteBatchAsync(writes, CancellationToken.None);

        Assert.Equal("2", writes[0].NewETag);
        var conflict = Assert.IsType<InconsistentStateException>(writes[1].Error);
        Assert.Equal("2", conflict.StoredEtag);
        Assert.Null(writes[1].NewETag);
        Assert.Equal("1", writes[2].NewETag);
        Assert.IsType<InconsistentStateException>(writes[3].Error);
        Assert.Equal(1, (await ReadAsync(stale)).State.OwnerEpoch - SessionStates.Full(stale).OwnerEpoch);
        Assert.Null(await Store.ReadAsync(phantom, CancellationToken.None));
    }

    [Fact]
    public async Task WriteBatchAsync_NullETagOverAnExistingRow_IsAConflict()
    {
        var id = SessionStates.NewId();
        await WriteAsync(id, SessionStates.Full(id), expectedETag: null);

        var write = await WriteAsync(id, Changed(id, 1), expectedETag: null);

        Assert.IsType<InconsistentStateException>(write.Error);
        Assert.Equal("1", (await ReadAsync(id)).ETag);
    }

    [Fact]
    public async Task ClearAsync_CurrentETag_DeletesTheRow()
    {
        var id = SessionStates.NewId();
        await WriteAsync(id, SessionStates.Full(id), expectedETag: null);

        await Store.ClearAsync(id, "1", CancellationToken.None);

        Assert.Null(await Store.ReadAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task ClearAsync_StaleETag_ThrowsConflictAndKeepsTheRow()
    {
        var id = SessionStates.NewId();
        await WriteAsync(id, SessionStates.Full(id), expectedETag: null);
        await WriteAsync(id, Changed(id, 1), expectedETag: "1");

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearAsync(id, "1", CancellationToken.None));

        Assert.Equal("2", (await ReadAsync(id)).ETag);
    }

    [Fact]
    public async Task ClearAsync_MissingRowWithoutETag_Succeeds()
    {
        await Store.ClearAsync(SessionStates.NewId(), null, CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_ChangesToTheReturnedState_DoNotReachTheStore()
    {
        var id = SessionStates.NewId();
        await WriteAsync(id, SessionStates.Full(id), expectedETag: null);
        var read = await ReadAsync(id);
        var expected = Comparable(read.State);

        read.State.HeartbeatsReceived++;
        read.State.RecentTransitions.Clear();
        read.State.Status = SessionStatus.Closed;

        Assert.Equal(expected, Comparable((await ReadAsync(id)).State));
    }

    /// <summary>The state as a store hands it back: pending events are written with the row but not read back by every store.</summary>
    protected static string Comparable(SessionState state)
    {
        var copy = state.Copy();
        copy.PendingEvents = [];
        return JsonSerializer.Serialize(copy);
    }

    /// <summary>Content a retried write of the same row could never have (a new owner epoch).</summary>
    protected static SessionState Changed(string id, int epochs)
    {
        var state = SessionStates.Full(id);
        state.OwnerEpoch += epochs;
        state.HeartbeatsReceived += epochs;
        return state;
    }

    protected async Task<SessionStateWrite> WriteAsync(string id, SessionState state, string? expectedETag)
    {
        var write = new SessionStateWrite(id, state, expectedETag);
        await Store.WriteBatchAsync([write], CancellationToken.None);
        return write;
    }

    protected async Task<StoredSession> ReadAsync(string id)
        => await Store.ReadAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"Session {id} is not stored.");
}
