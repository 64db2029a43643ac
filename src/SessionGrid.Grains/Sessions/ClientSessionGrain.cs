using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Cluster;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;
using SessionGrid.Runtime.Timers;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// One client session: counters, the live/leave/closed state machine, a miss timer on the silo
/// wheel while live, and a durable reminder for leave -> closed. Heartbeats only mark the state
/// dirty; transitions are written through before the client or anyone else hears of them
/// (ClientSessionGrain.Acknowledgement.cs).
/// </summary>
public sealed partial class ClientSessionGrain : Grain, IClientSessionGrain, IRemindable
{
    /// <summary>Name of the persistent state (the storage key is this name plus the grain id).</summary>
    public const string StateName = "session";

    internal const string LeaveReminderName = "leave-timeout";

    private static readonly TimeSpan ReminderRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<SessionState> _state;
    private readonly SessionStateMachine _machine;
    private readonly TimeProvider _time;
    private readonly SiloIdentity _silo;
    private readonly ISessionEventSink _events;
    private readonly IStateFlusherStatistics _storage;
    private readonly ILogger _logger;
    private ISessionConnection? _connection;
    private IGrainTimer? _missTimer;
    private bool _claimed;
    private IGrainTimer? _reminderRetry;

    public ClientSessionGrain(
        [PersistentState(StateName)] IPersistentState<SessionState> state,
        SessionStateMachine machine,
        TimeProvider time,
        SiloIdentity silo,
        ISessionEventSink events,
        IStateFlusherStatistics storage,
        ILogger<ClientSessionGrain> logger)
    {
        _state = state;
        _machine = machine;
        _time = time;
        _silo = silo;
        _events = events;
        _storage = storage;
        _logger = logger;
    }

    private SessionState State => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A new activation never holds a connection, whatever the record says. Activation itself
        // writes nothing: a lookup must not disturb the session's owner.
        State.Connected = false;
        if (!_state.RecordExists)
        {
            return;
        }

        if (State.Status == SessionStatus.Live)
        {
            // Its silo stopped without saying so: the miss clock resumes from the last activity.
            ArmMissTimer(_time.GetUtcNow());
        }
        else if (State.Status == SessionStatus.Leave && await GetReminderAsync(LeaveReminderName) is null)
        {
            // The close must not depend on a reminder write that a crash may have lost.
            await EnsureLeaveReminderAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason == DeactivationReason.StateConflict && _connection is { } connection)
        {
            // Another activation owns the session now: this one's client must go to it.
            LogFencedOut(_logger, GrainId.Key, connection.RemoteEndpoint);
            Detach();
            connection.Close(TransitionReasons.TakenOver);
        }

        return Task.CompletedTask;
    }

    public async ValueTask<AttachResult> AttachAsync(AttachRequest request)
    {
        var now = _time.GetUtcNow();
        var connection = request.Connection;
        var sameConnection = _connection?.ConnectionId == connection.ConnectionId;
        if (_connection is { } previous && !sameConnection)
        {
            LogTakenOver(_logger, GrainId.Key, previous.RemoteEndpoint, connection.RemoteEndpoint);
            previous.Close(TransitionReasons.TakenOver);
        }

        _connection = connection;
        GrainContext.SetKeepAlive(true);
        var interval = _machine.Policy.EffectiveInterval(request.RequestedIntervalSeconds);
        var transition = _machine.OnConnectionAttached(State, now, GrainId.Key, connection.RemoteEndpoint, interval, request.Resumed || sameConnection);

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
                await _state.WriteStateAsync();
            }
            else
            {
                _state.MarkDirty();
            }

            if (State.Status == SessionStatus.Live)
            {
                ArmMissTimer(now);
            }
        }

        _claimed = true;
        return new AttachResult(State.Status, State.Incarnation, interval, _machine.Policy.LeaveAfter(interval), _machine.Policy.LeaveTimeout);
    }

    public async ValueTask<HeartbeatOutcome> HeartbeatAsync(HeartbeatRequest request)
    {
        if (_connection?.ConnectionId != request.ConnectionId)
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
            _state.MarkDirty();
            _missTimer?.Change(_machine.Policy.LeaveAfter(state.Interval), Timeout.InfiniteTimeSpan);
            return HeartbeatOutcome.Accepted;
        }

        await ApplyAsync(transition);
        return transition.To == SessionStatus.Closed ? HeartbeatOutcome.Closed : HeartbeatOutcome.Accepted;
    }

    public async ValueTask<HeartbeatOutcome> ByeAsync(ByeRequest request)
    {
        if (_connection?.ConnectionId != request.ConnectionId)
        {
            return HeartbeatOutcome.NotAttached;
        }

        State.BytesIn += request.BytesIn;
        var transition = _machine.Close(State, _time.GetUtcNow(), TransitionReasons.ClientClosed);
        if (transition is not null)
        {
            await ApplyAsync(transition);
        }

        return HeartbeatOutcome.Closed;
    }

    public async ValueTask ConnectionLostAsync(ConnectionLostRequest request)
    {
        if (_connection?.ConnectionId != request.ConnectionId)
        {
            return;
        }

        Detach();
        State.BytesIn += request.BytesIn;
        var transition = _machine.OnConnectionLost(State, _time.GetUtcNow(), request.Reason);
        if (transition is not null)
        {
            await ApplyAsync(transition);
        }
        else
        {
            _state.MarkDirty();
        }
    }

    public ValueTask RecordProtocolViolationAsync(long connectionId)
    {
        if (_connection?.ConnectionId == connectionId)
        {
            State.ProtocolViolations++;
            _state.MarkDirty();
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

    public async ValueTask<bool> KickAsync(string reason)
    {
        var transition = _machine.Close(State, _time.GetUtcNow(), reason);
        if (transition is null)
        {
            return false;
        }

        await ApplyAsync(transition);
        return true;
    }

    public async Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        if (reminderName != LeaveReminderName)
        {
            LogUnknownReminder(_logger, GrainId.Key, reminderName);
            await UnregisterReminderAsync(reminderName);
            return;
        }

        var transition = _machine.OnLeaveTimeout(State, _time.GetUtcNow());
        if (transition is not null)
        {
            await ApplyAsync(transition);
        }
        else if (State.Status == SessionStatus.Leave)
        {
            // Delivered early (clock skew between silos): ask again for the remainder.
            await EnsureLeaveReminderAsync();
        }
        else
        {
            await RemoveLeaveReminderAsync();
        }
    }

    /// <summary>
    /// Registers the durable leave -> closed reminder for the session's leave deadline (a deadline
    /// already past means now). A reminder table that is down must not fail the transition (already
    /// durable): a grain timer retries until the reminder is written.
    /// </summary>
    private async Task EnsureLeaveReminderAsync()
    {
        _reminderRetry?.Dispose();
        _reminderRetry = null;

        // Clamped here, not left to the registry: a remainder of exactly -1 ms reads as "infinite".
        var due = _machine.LeaveDeadline(State) - _time.GetUtcNow();
        try
        {
            await RegisterOrUpdateReminderAsync(LeaveReminderName, due > TimeSpan.Zero ? due : TimeSpan.Zero, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReminderWriteFailed(_logger, ex, GrainId.Key);
            _reminderRetry = RegisterGrainTimer(
                static (grain, _) => grain.RetryLeaveReminderAsync(),
                this,
                new GrainTimerCreationOptions(ReminderRetryDelay, Timeout.InfiniteTimeSpan));
        }
    }

    private Task RetryLeaveReminderAsync() => State.Status == SessionStatus.Leave ? EnsureLeaveReminderAsync() : Task.CompletedTask;

    /// <summary>A reminder left behind is harmless: its handler finds the session not in leave and removes it.</summary>
    private async Task RemoveLeaveReminderAsync()
    {
        _reminderRetry?.Dispose();
        _reminderRetry = null;
        try
        {
            await UnregisterReminderAsync(LeaveReminderName);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReminderWriteFailed(_logger, ex, GrainId.Key);
        }
    }

    private void ArmMissTimer(DateTimeOffset now)
    {
        var due = _machine.MissDeadline(State) - now;
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_missTimer is null)
        {
            _missTimer = RegisterGrainTimer(static (grain, _) => grain.OnMissTimerAsync(), this, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _missTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void DisarmMissTimer()
    {
        _missTimer?.Dispose();
        _missTimer = null;
    }

    private async Task OnMissTimerAsync()
    {
        var now = _time.GetUtcNow();
        var transition = _machine.OnMissDeadline(State, now);
        if (transition is not null)
        {
            await ApplyAsync(transition);
        }
        else if (State.Status == SessionStatus.Live)
        {
            ArmMissTimer(now);
        }
    }

    private void ClaimOwnership()
    {
        State.OwnerSilo = _silo.Name;
        State.OwnerEpoch++;
    }

    private void Detach()
    {
        _connection = null;
        GrainContext.SetKeepAlive(false);
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
