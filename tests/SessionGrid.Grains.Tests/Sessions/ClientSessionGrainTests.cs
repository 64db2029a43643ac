using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Core;
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

        var deadline = DateTime.UtcNow + Guard;
        while (host.Catalog.ActivationCount != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

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

        var left = await host.AdvanceUntilAsync("orphan", TimeSpan.FromMinutes(1), s => s.Status == "leave");
        Assert.Equal(TransitionReasons.HeartbeatTimeout, left.StatusReason);
        Assert.Equal(start + TimeSpan.FromSeconds(30), left.StateSince);
    }

    [Fact]
    public async Task Activation_ExistingRecordOfAnotherSilo_ClaimsOwnershipWithConditionalWrite()
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
                Interval = TimeSpan.FromSeconds(10),
                OwnerSilo = "old-silo",
                OwnerEpoch = 4,
            },
        };
        await storage.WriteStateAsync(ClientSessionGrain.StateName, id, record, CancellationToken.None);
        await using var host = await SessionRuntimeHost.StartAsync(_time, storage: storage);

        Assert.Equal("grain-test", (await host.Session("owned").GetSnapshotAsync())?.OwnerSilo);

        var claimed = new GrainState<SessionState>();
        await storage.ReadStateAsync(ClientSessionGrain.StateName, id, claimed, CancellationToken.None);
        Assert.Equal(5, claimed.State.OwnerEpoch);
        Assert.Equal("grain-test", claimed.State.OwnerSilo);
        Assert.Equal("2", claimed.ETag);
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

        var deadline = DateTime.UtcNow + Guard;
        while (host.Catalog.ActivationCount != 0 && DateTime.UtcNow < deadline)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(10);
        }

        Assert.Equal(0, host.Catalog.ActivationCount);
        var closed = await host.AdvanceUntilAsync("s1", TimeSpan.FromMinutes(31), s => s.Status == "closed");
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
