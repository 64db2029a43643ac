using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests.Sessions;

/// <summary>The session grain on an in-process Orleans silo, with session time on a manual clock.</summary>
public sealed class ClientSessionGrainTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromMinutes(30);
    private readonly ManualTimeProvider _time = new();

    private static HeartbeatRequest Beat(long connection, ClientDeclaredStatus status = ClientDeclaredStatus.Live)
        => new(connection, status, "10.0.0.5", 5, 40);

    [Fact]
    public async Task HeartbeatAsync_FromConnectionNotAttached_IsRejected()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var connection = new RecordingConnection(1);
        await host.AttachAsync("s1", connection);

        Assert.Equal(HeartbeatOutcome.NotAttached, await host.Session("s1").HeartbeatAsync(Beat(2)));
        Assert.Equal(HeartbeatOutcome.Accepted, await host.Session("s1").HeartbeatAsync(Beat(1)));
    }

    [Fact]
    public async Task AttachAsync_SecondConnection_ClosesFirstWithTakenOver()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var first = new RecordingConnection(1);
        var second = new RecordingConnection(2, "10.0.0.5:6000");
        await host.AttachAsync("s1", first);

        await host.AttachAsync("s1", second);

        Assert.Equal(TransitionReasons.TakenOver, await first.Closed.WaitAsync(Guard));
        Assert.Equal(1, (await host.Session("s1").GetSnapshotAsync())?.Counters.Reconnects);
    }

    [Fact]
    public async Task GetSnapshotAsync_UnknownSession_ReturnsNullAndLeavesNoActivation()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);

        Assert.Null(await host.Session("nobody").GetSnapshotAsync());

        Assert.True(await Eventually.TrueAsync(async () => !await host.IsActiveAsync("nobody")), host.Describe());
        Assert.Equal(0, host.Store.Count);
    }

    [Fact]
    public async Task Activation_LiveRecordFromDeadSilo_LeavesWhenItsMissClockRunsOut()
    {
        var store = new MemorySessionStore();
        var start = _time.GetUtcNow();
        await SeedAsync(store, new SessionState
        {
            SessionId = "orphan",
            Incarnation = 1,
            Status = SessionStatus.Live,
            StateSince = start,
            LastActivity = start,
            Interval = TimeSpan.FromSeconds(10),
            Connected = true,
        });
        _time.Advance(TimeSpan.FromSeconds(10));
        await using var host = await SessionRuntimeHost.StartAsync(_time, store: store);

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
        var store = new MemorySessionStore();
        await SeedAsync(store, new SessionState
        {
            SessionId = "owned",
            Incarnation = 1,
            Status = SessionStatus.Leave,
            StateSince = _time.GetUtcNow(),
            Interval = TimeSpan.FromSeconds(10),
            OwnerSilo = "old-silo",
            OwnerEpoch = 4,
        });
        await using var host = await SessionRuntimeHost.StartAsync(_time, store: store);

        Assert.Equal("old-silo", (await host.Session("owned").GetSnapshotAsync())?.OwnerSilo);
        Assert.Equal("1", (await ReadAsync(store, "owned")).ETag);

        await host.AttachAsync("owned", new RecordingConnection(1));

        var claimed = await ReadAsync(store, "owned");
        Assert.Equal(5, claimed.State.OwnerEpoch);
        // Name and Orleans address with generation: a restarted silo of the same name is another owner.
        Assert.StartsWith("grain-test/127.0.0.1:", claimed.State.OwnerSilo, StringComparison.Ordinal);
        Assert.Contains("@", claimed.State.OwnerSilo, StringComparison.Ordinal);
        Assert.True(claimed.ETag == "2", $"ETag {claimed.ETag}; {host.Describe()}");
    }

    [Fact]
    public async Task Hello_SecondAttachOfSameConnection_IsNotAReconnectAndSkipsNoRecovery()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        var connection = new RecordingConnection(1);
        await host.AttachAsync("s1", connection);
        await grain.HeartbeatAsync(Beat(1, ClientDeclaredStatus.Leave));

        await host.AttachAsync("s1", connection);
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
        await host.AttachAsync("s1", current);

        Assert.Equal(HeartbeatOutcome.NotAttached, await grain.ByeAsync(new ByeRequest(1, 10)));
        Assert.Equal("live", (await grain.GetSnapshotAsync())?.Status);

        // The connection that said bye closes itself (the gateway does, on Closed): nothing is pushed back.
        Assert.Equal(HeartbeatOutcome.Closed, await grain.ByeAsync(new ByeRequest(2, 10)));
        var closed = await grain.GetSnapshotAsync();
        Assert.Equal(("closed", TransitionReasons.ClientClosed, false), (closed?.Status, closed?.StatusReason, closed?.Connected ?? true));
        Assert.False(current.Closed.IsCompleted);
    }

    [Fact]
    public async Task Close_StoredRecord_SaysDisconnectedAndHasNoPendingEventsAfterFlush()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        await host.AttachAsync("s1", new RecordingConnection(1));

        await host.Session("s1").HeartbeatAsync(Beat(1, ClientDeclaredStatus.Close));
        var stored = (await ReadAsync(host.Store, "s1")).State;
        Assert.Equal(SessionStatus.Closed, stored.Status);
        Assert.False(stored.Connected);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(
            await Eventually.TrueAsync(async () => (await ReadAsync(host.Store, "s1")).State.PendingEvents.Count == 0),
            host.Describe());
    }

    [Fact]
    public async Task Activation_LeaveRecordWhoseReminderWasLost_RegistersItAgain()
    {
        var store = new MemorySessionStore();
        await SeedAsync(store, new SessionState
        {
            SessionId = "lost",
            Incarnation = 1,
            Status = SessionStatus.Leave,
            StateSince = _time.GetUtcNow(),
            Interval = TimeSpan.FromSeconds(10),
        });
        await using var host = await SessionRuntimeHost.StartAsync(_time, store: store);
        var before = DateTime.UtcNow;

        await host.Session("lost").GetSnapshotAsync();

        // Orleans schedules reminders on its own (real) clock: due is the session's whole leave timeout.
        var reminder = await host.Reminders.ReadRow(host.Session("lost").GetGrainId(), ClientSessionGrain.LeaveReminderName);
        Assert.NotNull(reminder);
        Assert.Equal(LeaveTimeout, reminder.Period);
        Assert.InRange(reminder.StartAt, before + LeaveTimeout - TimeSpan.FromSeconds(1), DateTime.UtcNow + LeaveTimeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Restart_SessionInLeave_RegistersItsReminderAgainAndClosesOnItsLeaveDeadline()
    {
        // Orleans' in-memory reminders go with the host: the next silo must not depend on them.
        var store = new MemorySessionStore();
        await using (var first = await SessionRuntimeHost.StartAsync(_time))
        {
            await first.AttachAsync("s1", new RecordingConnection(1));
            await first.Session("s1").ConnectionLostAsync(new ConnectionLostRequest(1, TransitionReasons.ConnectionLost, 0));
            store = first.Store;
        }

        await using var second = await SessionRuntimeHost.StartAsync(_time, store: store);

        Assert.Equal("leave", (await second.Session("s1").GetSnapshotAsync())?.Status);
        Assert.NotNull(await second.Reminders.ReadRow(second.Session("s1").GetGrainId(), ClientSessionGrain.LeaveReminderName));
        var closed = await second.AdvanceThenWaitAsync("s1", LeaveTimeout, s => s.Status == "closed");
        Assert.Equal(TransitionReasons.LeaveTimeout, closed.StatusReason);
    }

    [Fact]
    public async Task Leave_ReminderTableDown_TransitionStandsAndReminderIsWrittenWhenTableIsBack()
    {
        var table = new FailingReminderTable { Failing = true };
        await using var host = await SessionRuntimeHost.StartAsync(_time, reminders: table);
        var grain = host.Session("s1");
        await host.AttachAsync("s1", new RecordingConnection(1));

        await grain.ConnectionLostAsync(new ConnectionLostRequest(1, TransitionReasons.ConnectionLost, 0));

        Assert.Equal("leave", (await grain.GetSnapshotAsync())?.Status);
        var id = grain.GetGrainId();
        Assert.Null(await table.ReadRow(id, ClientSessionGrain.LeaveReminderName));

        // The grain retries on an Orleans grain timer (real time).
        table.Failing = false;
        ReminderEntry? reminder = null;
        Assert.True(
            await Eventually.TrueAsync(async () => (reminder = await table.ReadRow(id, ClientSessionGrain.LeaveReminderName)) is not null),
            host.Describe());
        Assert.Equal(LeaveTimeout, reminder!.Period);
    }

    [Fact]
    public async Task LeaveReminder_ActivationCollectedMeanwhile_WakesGrainAndCloses()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        await host.AttachAsync("s1", new RecordingConnection(1));
        await grain.ConnectionLostAsync(new ConnectionLostRequest(1, TransitionReasons.ConnectionLost, 0));

        Assert.True(await CollectedAsync(host, "s1"), host.Describe());

        // Orleans fires reminders on real time, 30 minutes away: deliver the tick as its reminder service would.
        _time.Advance(LeaveTimeout + TimeSpan.FromMinutes(1));
        var now = DateTime.UtcNow;
        await grain.AsReference<IRemindable>().ReceiveReminder(ClientSessionGrain.LeaveReminderName, new TickStatus(now, LeaveTimeout, now));

        var closed = await grain.GetSnapshotAsync();
        Assert.Equal("closed", closed?.Status);
        Assert.Equal(TransitionReasons.LeaveTimeout, closed?.StatusReason);
        Assert.Null(await host.Reminders.ReadRow(grain.GetGrainId(), ClientSessionGrain.LeaveReminderName));
    }

    [Fact]
    public async Task ConnectionLost_IdleActivation_IsCollected()
    {
        // Orleans reads DelayDeactivation(-1 ms) as Timeout.InfiniteTimeSpan: keep alive for ever.
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        await host.AttachAsync("s1", new RecordingConnection(1));

        await host.Session("s1").ConnectionLostAsync(new ConnectionLostRequest(1, TransitionReasons.ConnectionLost, 0));

        Assert.True(await CollectedAsync(host, "s1"), host.Describe());
    }

    [Fact]
    public async Task AttachAsync_ConnectedSession_IsNotCollectedForIdleness()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var connection = new RecordingConnection(1);
        await host.AttachAsync("s1", connection);

        await host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromMilliseconds(1));

        Assert.True(await host.IsActiveAsync("s1"));
        Assert.False(connection.Closed.IsCompleted);
    }

    [Fact]
    public async Task LeaveThenRecover_RemovesLeaveReminder()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var grain = host.Session("s1");
        await host.AttachAsync("s1", new RecordingConnection(1));
        await grain.ConnectionLostAsync(new ConnectionLostRequest(1, TransitionReasons.ConnectionLost, 0));
        var id = grain.GetGrainId();
        Assert.NotNull(await host.Reminders.ReadRow(id, ClientSessionGrain.LeaveReminderName));

        var again = new RecordingConnection(2);
        await host.AttachAsync("s1", again);
        await grain.HeartbeatAsync(Beat(2));

        Assert.Null(await host.Reminders.ReadRow(id, ClientSessionGrain.LeaveReminderName));
        await again.StateAsync(s => s == (SessionStatus.Live, TransitionReasons.Reconnected)).WaitAsync(Guard);
    }

    [Fact]
    public async Task StateAfterTransition_IsInTheStoreBeforeTheClientHearsOfIt()
    {
        await using var host = await SessionRuntimeHost.StartAsync(_time);
        var storedWhenHeard = new List<SessionState>();
        var connection = new RecordingConnection(1)
        {
            OnStateAsync = async _ => storedWhenHeard.Add((await ReadAsync(host.Store, "s1")).State),
        };
        await host.AttachAsync("s1", connection);

        await host.Session("s1").HeartbeatAsync(Beat(1, ClientDeclaredStatus.Leave));
        await connection.StateAsync(s => s.Status == SessionStatus.Leave).WaitAsync(Guard);

        var stored = Assert.Single(storedWhenHeard);
        Assert.Equal(SessionStatus.Leave, stored.Status);
        Assert.Equal(SessionStatus.Leave, stored.PendingEvents[^1].To);
        Assert.Equal(stored.TransitionSeq, stored.PendingEvents[^1].Seq);
    }

    /// <summary>Asks the silo to collect idle activations until <paramref name="id"/> has none.</summary>
    private static Task<bool> CollectedAsync(SessionRuntimeHost host, string id)
    {
        var management = host.Grains.GetGrain<IManagementGrain>(0);
        return Eventually.TrueAsync(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.FromMilliseconds(1));
            return !await host.IsActiveAsync(id);
        });
    }

    private static async Task SeedAsync(MemorySessionStore store, SessionState state)
    {
        var write = new SessionStateWrite(state.SessionId, state, expectedETag: null);
        await store.WriteBatchAsync([write], CancellationToken.None);
        Assert.Null(write.Error);
    }

    private static async Task<StoredSession> ReadAsync(MemorySessionStore store, string id)
        => await store.ReadAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"Session {id} is not stored.");
}
