using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests.Sessions;

/// <summary>The session grain on the real runtime, in process, on a manual clock.</summary>
public sealed class ClientSessionGrainTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();

    private static HeartbeatRequest Beat(long connection, ClientDeclaredStatus status = ClientDeclaredStatus.Live)
        => new(connection, status, "10.0.0.5", 5, 40);

    [Fact]
    public async Task HeartbeatAsync_FromConnectionNotAttached_IsRejected()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        await grain.AttachAsync(new AttachRequest(new RecordingConnection(1), null));

        Assert.Equal(HeartbeatOutcome.NotAttached, await grain.HeartbeatAsync(Beat(2)));
        Assert.Equal(HeartbeatOutcome.Accepted, await grain.HeartbeatAsync(Beat(1)));
    }

    [Fact]
    public async Task AttachAsync_SecondConnection_ClosesFirstWithTakenOver()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        var first = new RecordingConnection(1);
        await grain.AttachAsync(new AttachRequest(first, null));

        await grain.AttachAsync(new AttachRequest(new RecordingConnection(2, "10.0.0.5:6000"), null));

        Assert.Equal(TransitionReasons.TakenOver, await first.Closed.WaitAsync(Guard));
        Assert.Equal(1, (await grain.GetSnapshotAsync())?.Counters.Reconnects);
    }

    [Fact]
    public async Task GetSnapshotAsync_UnknownSession_ReturnsNullAndLeavesNoActivation()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);

        Assert.Null(await host.Session("nobody").GetSnapshotAsync());

        await Eventually.TrueAsync(() => host.Catalog.ActivationCount == 0);

        Assert.Equal(0, host.Catalog.ActivationCount);
        Assert.Equal(0, host.Storage.Count(ClientSessionGrain.StateName));
    }

    [Fact]
    public async Task Activation_LiveRecordFromDeadSilo_LeavesWhenItsMissClockRunsOut()
    {
        var storage = new MemoryGrainStorage();
        var id = new GrainId(SessionGrainsServiceCollectionExtensions.SessionGrainType, "orphan");
        var start = _time.GetUtcNow();
        var record = new GrainState<SessionState>
        {
            State = new SessionState
            {
                SessionId = "orphan",
                Incarnation = 1,
                Status = SessionStatus.Live,
                StateSince = start,
                LastActivity = start,
                Interval = TimeSpan.FromSeconds(10),
                Connected = true,
            },
        };
        await storage.WriteStateAsync(ClientSessionGrain.StateName, id, record, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));
        await using var host = await SessionRuntimeHost.StartAsync(_time, storage: storage);

        var loaded = await host.Session("orphan").GetSnapshotAsync();
        Assert.False(loaded?.Connected);
        Assert.Equal("live", loaded?.Status);

        // Exactly to the deadline: the transition is stamped when the grain processes it.
        var left = await host.AdvanceThenWaitAsync("orphan", TimeSpan.FromSeconds(20), s => s.Status == "leave");
        Assert.Equal(TransitionReasons.HeartbeatTimeout, left.StatusReason);
        Assert.Equal(start + TimeSpan.FromSeconds(30), left.StateSince);
    }

    [Fact]
    public async Task Attach_RecordOwnedByAnotherSilo_ClaimsWithConditionalWriteButLookupDoesNot()
    {
        var storage = new MemoryGrainStorage();
        var id = new GrainId(SessionGrainsServiceCollectionExtensions.SessionGrainType, "owned");
        var record = new GrainState<SessionState>
        {
            State = new SessionState
            {
                SessionId = "owned",
                Incarnation = 1,
                Status = SessionStatus.Leave,
                StateSince = _time.GetUtcNow(),
                Interval = TimeSpan.FromSeconds(10),
                OwnerSilo = "old-silo",
                OwnerEpoch = 4,
            },
        };
        await storage.WriteStateAsync(ClientSessionGrain.StateName, id, record, CancellationToken.None);
        await using var host = await SessionRuntimeHost.StartAsync(_time, storage: storage);
        var grain = host.Session("owned");

        Assert.Equal("old-silo", (await grain.GetSnapshotAsync())?.OwnerSilo);
        Assert.Equal("1", (await ReadAsync(storage, id)).ETag);

        await grain.AttachAsync(new AttachRequest(new RecordingConnection(1), null));

        var claimed = await ReadAsync(storage, id);
        Assert.Equal(5, claimed.State.OwnerEpoch);
        Assert.Equal("grain-test", claimed.State.OwnerSilo);
        Assert.True(claimed.ETag == "2", $"ETag {claimed.ETag}; {host.Describe()}");
    }

    [Fact]
    public async Task Hello_SecondAttachOfSameConnection_IsNotAReconnectAndSkipsNoRecovery()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        var connection = new RecordingConnection(1);
        await grain.AttachAsync(new AttachRequest(connection, null));
        await grain.HeartbeatAsync(Beat(1, ClientDeclaredStatus.Leave));

        await grain.AttachAsync(new AttachRequest(connection, null));
        await grain.HeartbeatAsync(Beat(1));

        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal("leave", snapshot?.Status);
        Assert.Equal(0, snapshot?.Counters.Reconnects);
    }

    [Fact]
    public async Task ByeAsync_FromConnectionNotAttached_DoesNotCloseTheSession()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        var current = new RecordingConnection(2);
        await grain.AttachAsync(new AttachRequest(current, null));

        Assert.Equal(HeartbeatOutcome.NotAttached, await grain.ByeAsync(new ByeRequest(1, 10)));
        Assert.Equal("live", (await grain.GetSnapshotAsync())?.Status);

        Assert.Equal(HeartbeatOutcome.Closed, await grain.ByeAsync(new ByeRequest(2, 10)));
        Assert.Equal(TransitionReasons.ClientClosed, await current.Closed.WaitAsync(Guard));
    }

    [Fact]
    public async Task Close_StoredRecord_SaysDisconnectedAndHasNoPendingEventsAfterFlush()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        await grain.AttachAsync(new AttachRequest(new RecordingConnection(1), null));

        await grain.HeartbeatAsync(Beat(1, ClientDeclaredStatus.Close));
        var stored = host.Storage.Snapshot(ClientSessionGrain.StateName).Single().Value as SessionState;
        Assert.Equal(SessionStatus.Closed, stored?.Status);
        Assert.False(stored?.Connected);

        _time.Advance(TimeSpan.FromSeconds(6));
        await Eventually.TrueAsync(() => (host.Storage.Snapshot(ClientSessionGrain.StateName).Single().Value as SessionState)?.PendingEvents.Count == 0);

        Assert.Empty((host.Storage.Snapshot(ClientSessionGrain.StateName).Single().Value as SessionState)!.PendingEvents);
    }

    [Fact]
    public async Task Activation_LeaveRecordWhoseReminderWasLost_RegistersItAgain()
    {
        var storage = new MemoryGrainStorage();
        var id = new GrainId(SessionGrainsServiceCollectionExtensions.SessionGrainType, "lost");
        var since = _time.GetUtcNow();
        var record = new GrainState<SessionState>
        {
            State = new SessionState { SessionId = "lost", Incarnation = 1, Status = SessionStatus.Leave, StateSince = since, Interval = TimeSpan.FromSeconds(10) },
        };
        await storage.WriteStateAsync(ClientSessionGrain.StateName, id, record, CancellationToken.None);
        await using var host = await SessionRuntimeHost.StartAsync(_time, storage: storage);

        await host.Session("lost").GetSnapshotAsync();

        var reminder = await host.Reminders.ReadRowAsync(id, ClientSessionGrain.LeaveReminderName);
        Assert.Equal(since + TimeSpan.FromMinutes(30), reminder?.NextDue);
    }

    [Fact]
    public async Task Leave_ReminderTableDown_TransitionStandsAndReminderIsWrittenWhenTableIsBack()
    {
        var table = new FailingReminderTable { Failing = true };
        await using var host = await SessionRuntimeHost.StartAsync(_time, reminders: table);
        var grain = host.Session("s1");
        await grain.AttachAsync(new AttachRequest(new RecordingConnection(1), null));
        var leftAt = _time.GetUtcNow();

        await grain.ConnectionLostAsync(new ConnectionLostRequest(1, TransitionReasons.ConnectionLost, 0));

        Assert.Equal("leave", (await grain.GetSnapshotAsync())?.Status);
        var id = new GrainId(SessionGrainsServiceCollectionExtensions.SessionGrainType, "s1");
        Assert.Null(await table.ReadRowAsync(id, ClientSessionGrain.LeaveReminderName));

        table.Failing = false;
        ReminderEntry? reminder = null;
        await Eventually.TrueAsync(
            async () => (reminder = await table.ReadRowAsync(id, ClientSessionGrain.LeaveReminderName)) is not null,
            () => _time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal(leftAt + TimeSpan.FromMinutes(30), reminder?.NextDue);
    }

    private static async Task<GrainState<SessionState>> ReadAsync(MemoryGrainStorage storage, GrainId id)
    {
        var state = new GrainState<SessionState>();
        await storage.ReadStateAsync(ClientSessionGrain.StateName, id, state, CancellationToken.None);
        return state;
    }

    [Fact]
    public async Task LeaveReminder_ActivationCollectedMeanwhile_WakesGrainAndCloses()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time, new Dictionary<string, string?>
        {
            ["Runtime:CollectionAge"] = "00:02:00",
            ["Runtime:CollectionQuantum"] = "00:00:30",
        });
        var grain = host.Session("s1");
        var connection = new RecordingConnection(1);
        await grain.AttachAsync(new AttachRequest(connection, null));
        await grain.ConnectionLostAsync(new ConnectionLostRequest(1, TransitionReasons.ConnectionLost, 0));

        await Eventually.TrueAsync(() => host.Catalog.ActivationCount == 0, () => _time.Advance(TimeSpan.FromSeconds(30)));

        Assert.Equal(0, host.Catalog.ActivationCount);
        var closed = await host.AdvanceThenWaitAsync("s1", TimeSpan.FromMinutes(31), s => s.Status == "closed");
        Assert.Equal(TransitionReasons.LeaveTimeout, closed.StatusReason);
        Assert.Null(await host.Reminders.ReadRowAsync(new GrainId(SessionGrainsServiceCollectionExtensions.SessionGrainType, "s1"), ClientSessionGrain.LeaveReminderName));
    }

    [Fact]
    public async Task LeaveThenRecover_RemovesLeaveReminder()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        await grain.AttachAsync(new AttachRequest(new RecordingConnection(1), null));
        await grain.ConnectionLostAsync(new ConnectionLostRequest(1, TransitionReasons.ConnectionLost, 0));
        var id = new GrainId(SessionGrainsServiceCollectionExtensions.SessionGrainType, "s1");
        Assert.NotNull(await host.Reminders.ReadRowAsync(id, ClientSessionGrain.LeaveReminderName));

        var again = new RecordingConnection(2);
        await grain.AttachAsync(new AttachRequest(again, null));
        await grain.HeartbeatAsync(Beat(2));

        Assert.Null(await host.Reminders.ReadRowAsync(id, ClientSessionGrain.LeaveReminderName));
        Assert.Contains(again.States, s => s == (SessionStatus.Live, TransitionReasons.Reconnected));
    }

    [Fact]
    public async Task StateAfterTransition_IsInTheStoreBeforeTheClientHearsOfIt()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        var connection = new RecordingConnection(1);
        await grain.AttachAsync(new AttachRequest(connection, null));

        await grain.HeartbeatAsync(Beat(1, ClientDeclaredStatus.Leave));

        Assert.Contains(connection.States, s => s.Status == SessionStatus.Leave);
        var stored = host.Storage.Snapshot(ClientSessionGrain.StateName).Single().Value as SessionState;
        Assert.Equal(SessionStatus.Leave, stored?.Status);
        Assert.Equal(SessionStatus.Leave, stored?.PendingEvents[^1].To);
        Assert.Equal(stored?.TransitionSeq, stored?.PendingEvents[^1].Seq);
    }
}
