using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Deadlines;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// One client session: counters, the live/leave/closed state machine, deadlines on the silo's wheel,
/// and a durable reminder for leave -> closed. Heartbeats' counters are written behind, at most
/// <see cref="PersistenceOptions.MaxStaleness"/> old: handed to the "sessions" provider at once, without
/// waiting, when the last write is at least that old, else by a flush deadline on the wheel
/// (ClientSessionGrain.Persistence.cs); transitions are written through before the client or anyone
/// else hears of them (ClientSessionGrain.Acknowledgement.cs). Placed on the silo that calls it first:
/// the one holding the client's connection.
/// </summary>
[PreferLocalPlacement]
public sealed partial class ClientSessionGrain : Grain, IClientSessionGrain, ISessionDeadlineTarget, IRemindable
{
    /// <summary>Name of the persistent state in the "sessions" provider.</summary>
    public const string StateName = "session";

    internal const string LeaveReminderName = "leave-timeout";

    private static readonly TimeSpan ReminderRetryDelay = TimeSpan.FromSeconds(5);

    // A connected session is never collected for idleness: its client may be silent for a long interval.
    private static readonly TimeSpan KeepConnectedAlive = TimeSpan.FromDays(3650);

    // Read and written through the "sessions" provider directly, not an IPersistentState: Orleans' bridge
    // adds a scheduler turn, two state machines and a histogram record to every write (docs/benchmarks.md).
    private readonly GrainState<SessionState> _state = new(new SessionState());
    private readonly SessionStateMachine _machine;
    private readonly TimeProvider _time;
    private readonly SiloIdentity _silo;
    private readonly ISessionEventSink _events;
    private readonly SessionGrainStorage _storage;
    private readonly TimingWheel _wheel;
    private readonly PersistenceOptions _persistence;
    private readonly SessionMetrics _metrics;
    private readonly TimeSpan _minimumReminderPeriod;
    private readonly ILogger _logger;
    private ISessionConnection? _connection;
    private string? _sessionId;
    private long _connectionId;
    private string? _connectionEndpoint;
    private ISessionDeadlineTarget? _deadlineTarget;
    private SessionDeadline? _missDeadline;
    private SessionDeadline? _leaveDeadline;
    private bool _claimed;
    private bool _ownerLost;
    private IGrainTimer? _reminderRetry;
    private SessionStatus? _counted;

    public ClientSessionGrain(
        SessionStateMachine machine,
        [FromKeyedServices(SessionClock.Key)] TimeProvider time,
        SiloIdentity silo,
        ISessionEventSink events,
        SessionGrainStorage storage,
        TimingWheel wheel,
        IOptions<PersistenceOptions> persistence,
        IOptions<ReminderOptions> reminders,
        SessionMetrics metrics,
        ILogger<ClientSessionGrain> logger)
    {
        _machine = machine;
        _time = time;
        _silo = silo;
        _events = events;
        _storage = storage;
        _wheel = wheel;
        _persistence = persistence.Value;
        _minimumReminderPeriod = reminders.Value.MinimumReminderPeriod;
        _metrics = metrics;
        _logger = logger;
    }

    private SessionState State => _state.State!;

    // Orleans builds the key string anew on every call: keep the one made first.
    private string SessionId => _sessionId ??= this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_arrived)
        {
            await OnArrivedAsync();
            return;
        }

        if (!_rehydrated)
        {
            await _storage.ReadStateAsync(StateName, this.GetGrainId(), _state);
        }

        // A new activation never holds a connection, whatever the record says. Activation itself
        // writes nothing: a lookup must not disturb the session's owner.
        State.Connected = false;
        if (!_state.RecordExists)
        {
            return;
        }

        CountAs(State.Status);
        var now = _time.GetUtcNow();
        if (State.Status == SessionStatus.Live)
        {
            // Its silo stopped without saying so: the miss clock resumes from the last activity.
            ArmMissDeadline(now);
        }
        else if (State.Status == SessionStatus.Leave)
        {
            ArmLeaveDeadline(now);
            if (await this.GetReminder(LeaveReminderName) is null)
            {
                // The close must not depend on a reminder write that a crash may have lost.
                await EnsureLeaveReminderAsync();
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CountAs(null);
        _missDeadline?.Dispose();
        _leaveDeadline?.Dispose();
        _flushDeadline?.Dispose();
        if (!_fenced && (_dirty || _writeInFlight is not null))
        {
            // Counters not yet written go now; the deactivation timeout bounds the wait.
            await WriteAsync().WaitAsync(cancellationToken);
        }
    }

    public async ValueTask<AttachResult> AttachAsync(AttachRequest request)
    {
        ThrowIfFenced();
        var now = _time.GetUtcNow();
        var sameConnection = IsAttached(request.ConnectionId);
        if (_connection is { } previous && !sameConnection)
        {
            LogTakenOver(_logger, SessionId, _connectionEndpoint ?? "unknown", request.RemoteEndpoint);
            previous.CloseAsync(TransitionReasons.TakenOver).Ignore();
        }

        _connection = request.Connection;
        _connectionId = request.ConnectionId;
        _ownerLost = false;
        _connectionEndpoint = request.RemoteEndpoint;
        DelayDeactivation(KeepConnectedAlive);
        var interval = _machine.Policy.EffectiveInterval(request.RequestedIntervalSeconds);
        var transition = _machine.OnConnectionAttached(State, now, SessionId, request.RemoteEndpoint, interval, request.Resumed || sameConnection);

        // The silo holding the connection owns the session (prefer-local). The claim bumps the owner
        // epoch in a conditional write, so an older activation elsewhere is fenced out at its next
        // write and closes its client with taken-over. Losing the race fails this call.
        var claim = !_claimed;
        if (claim)
        {
            ClaimOwnership();
        }

        if (transition is not null)
        {
            await ApplyAsync(transition);
        }
        else
        {
            if (claim)
            {
                await WriteAsync();
            }
            else
            {
                MarkDirty();
            }

            if (State.Status == SessionStatus.Live)
            {
                ArmMissDeadline(now);
            }
        }

        _claimed = true;
        FollowConnection(request.Silo);
        return new AttachResult(State.Status, State.Incarnation, interval, _machine.Policy.LeaveAfter(interval), _machine.Policy.LeaveTimeout);
    }

    public async ValueTask<HeartbeatOutcome> HeartbeatAsync(HeartbeatRequest request)
    {
        if (!IsAttached(request.ConnectionId))
        {
            return HeartbeatOutcome.NotAttached;
        }

        var now = _time.GetUtcNow();
        var state = State;
        state.DeclaredIp = request.DeclaredIp;
        state.Pid = request.Pid ?? state.Pid;
        state.BytesIn += request.BytesIn;
        var transition = _machine.OnHeartbeat(state, now, request.Status);
        if (transition is null)
        {
            MarkDirty();
            _missDeadline?.Arm(_machine.Policy.LeaveAfter(state.Interval));
            return HeartbeatOutcome.Accepted;
        }

        await ApplyAsync(transition);
        return transition.To == SessionStatus.Closed ? HeartbeatOutcome.Closed : HeartbeatOutcome.Accepted;
    }

    public async ValueTask<HeartbeatOutcome> ByeAsync(ByeRequest request)
    {
        if (!IsAttached(request.ConnectionId))
        {
            return HeartbeatOutcome.NotAttached;
        }

        // The connection that said bye closes itself when this returns: pushing a close back to it would
        // only reach an observer that is already gone.
        Detach();
        State.Connected = false;
        State.BytesIn += request.BytesIn;
        var transition = _machine.Close(State, _time.GetUtcNow(), TransitionReasons.ClientClosed);
        if (transition is not null)
        {
            await ApplyAsync(transition);
        }
        else
        {
            MarkDirty();
        }

        return HeartbeatOutcome.Closed;
    }

    public async ValueTask ConnectionLostAsync(ConnectionLostRequest request)
    {
        if (!IsAttached(request.ConnectionId))
        {
            return;
        }

        Detach();
        State.BytesIn += request.BytesIn;
        if (request.Reason == TransitionReasons.Shutdown)
        {
            // The silo is stopping, not the client: it reconnects elsewhere and resumes. The session stays
            // live, written now; if the client does not come back, a survivor's sweep moves it to leave
            // with silo-lost at its miss deadline (ClientSessionGrain.Migration.cs, SiloLossSweeper).
            State.Connected = false;
            await WriteAsync();
            return;
        }

        var transition = _machine.OnConnectionLost(State, _time.GetUtcNow(), request.Reason);
        if (transition is not null)
        {
            await ApplyAsync(transition);
        }
        else
        {
            MarkDirty();
        }
    }

    public ValueTask RecordProtocolViolationAsync(long connectionId)
    {
        if (IsAttached(connectionId))
        {
            State.ProtocolViolations++;
            MarkDirty();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<SessionSnapshot?> GetSnapshotAsync()
    {
        if (State.Incarnation == 0)
        {
            // Looking up an unknown id must not leave an empty activation behind.
            DeactivateOnIdle();
            return ValueTask.FromResult<SessionSnapshot?>(null);
        }

        return ValueTask.FromResult<SessionSnapshot?>(SessionSnapshot.From(State, _machine, _time.GetUtcNow()));
    }

    public ValueTask OwnerLostAsync(string ownerSilo)
    {
        if (_connection is null && !_fenced && State.Status == SessionStatus.Live && State.OwnerSilo == ownerSilo)
        {
            // OnActivateAsync armed the miss deadline from the last heartbeat.
            _ownerLost = true;
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<bool> KickAsync(KickRequest request)
    {
        ThrowIfFenced();
        var transition = _machine.Close(State, _time.GetUtcNow(), TransitionReasons.Kicked, request.Actor, request.Note);
        if (transition is null)
        {
            return false;
        }

        await ApplyAsync(transition);
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != LeaveReminderName)
        {
            LogUnknownReminder(_logger, SessionId, reminderName);
            await RemoveReminderAsync(reminderName);
            return;
        }

        await OnLeaveDeadlineAsync();
    }

    public async Task OnDeadlineAsync(DeadlineKind kind)
    {
        if (_fenced)
        {
            return;
        }

        switch (kind)
        {
            case DeadlineKind.Miss:
                await OnMissDeadlineAsync();
                break;
            case DeadlineKind.Leave:
                await OnLeaveDeadlineAsync();
                break;
            case DeadlineKind.Flush:
                Flush();
                break;
        }
    }

    private async Task OnMissDeadlineAsync()
    {
        var now = _time.GetUtcNow();
        var deadline = _machine.MissDeadline(State);
        var transition = _machine.OnMissDeadline(State, now, _ownerLost ? TransitionReasons.SiloLost : TransitionReasons.HeartbeatTimeout);
        if (transition is not null)
        {
            _metrics.DetectionDelay(now - deadline);
            await ApplyAsync(transition);
        }
        else if (State.Status == SessionStatus.Live)
        {
            ArmMissDeadline(now);
        }
    }

    private async Task OnLeaveDeadlineAsync()
    {
        var now = _time.GetUtcNow();
        var transition = _machine.OnLeaveTimeout(State, now);
        if (transition is not null)
        {
            await ApplyAsync(transition);
        }
        else if (State.Status == SessionStatus.Leave)
        {
            // Early (a reminder fired on a silo whose clock runs ahead): wait for the remainder.
            ArmLeaveDeadline(now);
            await EnsureLeaveReminderAsync();
        }
        else
        {
            await RemoveReminderAsync(LeaveReminderName);
        }
    }

    private void ArmMissDeadline(DateTimeOffset now)
        => (_missDeadline ??= NewDeadline(DeadlineKind.Miss)).Arm(_machine.MissDeadline(State) - now);

    private void ArmLeaveDeadline(DateTimeOffset now)
        => (_leaveDeadline ??= NewDeadline(DeadlineKind.Leave)).Arm(_machine.LeaveDeadline(State) - now);

    private SessionDeadline NewDeadline(DeadlineKind kind)
        => new(_wheel, _deadlineTarget ??= this.AsReference<ISessionDeadlineTarget>(), SessionId, kind);

    /// <summary>
    /// Registers the durable leave -> closed reminder for the session's leave deadline (a deadline
    /// already past means now). It fires on whichever silo owns the grain then, activating it if it was
    /// collected; while the grain is active, its leave deadline on the wheel fires first. A reminder
    /// table that is down must not fail the transition (already durable): a grain timer retries.
    /// </summary>
    private async Task EnsureLeaveReminderAsync()
    {
        _reminderRetry?.Dispose();
        _reminderRetry = null;
        var due = _machine.LeaveDeadline(State) - _time.GetUtcNow();
        var period = _machine.Policy.LeaveTimeout > _minimumReminderPeriod ? _machine.Policy.LeaveTimeout : _minimumReminderPeriod;
        try
        {
            await this.RegisterOrUpdateReminder(LeaveReminderName, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReminderWriteFailed(_logger, ex, SessionId);
            _reminderRetry = this.RegisterGrainTimer(
                static (grain, _) => grain.State.Status == SessionStatus.Leave ? grain.EnsureLeaveReminderAsync() : Task.CompletedTask,
                this,
                new GrainTimerCreationOptions(ReminderRetryDelay, Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>A reminder left behind is harmless: its handler finds the session not in leave and removes it.</summary>
    private async Task RemoveReminderAsync(string name)
    {
        _reminderRetry?.Dispose();
        _reminderRetry = null;
        try
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReminderWriteFailed(_logger, ex, SessionId);
        }
    }

    /// <summary>Keeps the resident-sessions gauge in step with this activation; null when it stops counting.</summary>
    private void CountAs(SessionStatus? status)
    {
        _metrics.Moved(_counted, status);
        _counted = status;
    }

    /// <summary>Frames count only from the connection the session holds.</summary>
    private bool IsAttached(long connectionId) => _connection is not null && _connectionId == connectionId;

    private void ClaimOwnership()
    {
        State.OwnerSilo = SessionOwner.Format(_silo.Name, LocalSilo);
        State.OwnerEpoch++;
    }

    private void Detach()
    {
        _connection = null;
        _connectionId = 0;
        _connectionEndpoint = null;

        // Zero cancels the keep-alive; Orleans reads -1 ms as Timeout.InfiniteTimeSpan (keep alive for ever).
        DelayDeactivation(TimeSpan.Zero);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Session {SessionId}: {From} -> {To} ({Reason})")]
    private static partial void LogTransition(ILogger logger, string sessionId, string from, string to, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Session {SessionId}: connection from {Previous} taken over by {Current}")]
    private static partial void LogTakenOver(ILogger logger, string sessionId, string previous, string current);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Session {SessionId}: fenced out by a newer owner; closing {RemoteEndpoint} with taken-over")]
    private static partial void LogFencedOut(ILogger logger, string sessionId, string remoteEndpoint);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Session {SessionId}: the leave reminder could not be written; retrying")]
    private static partial void LogReminderWriteFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Session {SessionId}: unknown reminder {ReminderName} removed")]
    private static partial void LogUnknownReminder(ILogger logger, string sessionId, string reminderName);
}
