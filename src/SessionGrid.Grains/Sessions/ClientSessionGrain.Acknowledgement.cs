using Microsoft.Extensions.Logging;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// Telling the world about a transition only once it is durable, without stopping the session while
/// the store is down. A transition is applied in memory at once (counters, deadlines: the state machine
/// keeps running); its write-through is queued; its effects that claim durability (the <c>state</c>
/// frame, the event feed, the leave reminder) wait for that write. While the store is healthy the turn
/// simply awaits it; once the store is degraded (before the write, or while it is waited for) the turn
/// ends and a grain timer acknowledges queued transitions, in order, as their writes land. Closing always
/// awaits: a closed session's connection is let go, and a reconnect must not start a new incarnation
/// before the close is durable.
/// </summary>
public sealed partial class ClientSessionGrain
{
    private static readonly TimeSpan AcknowledgementPoll = TimeSpan.FromSeconds(1);

    private readonly Queue<Unacknowledged> _unacknowledged = new();
    private IGrainTimer? _acknowledgementTimer;

    private async ValueTask ApplyAsync(SessionTransition transition)
    {
        _metrics.Transition(transition);
        CountAs(transition.To);
        // A closed session no longer holds its connection, and the record written says so.
        ISessionConnection? kicked = null;
        if (transition.To == SessionStatus.Closed && _connection is { } holder)
        {
            kicked = holder;
            Detach();
            State.Connected = false;
        }

        var written = WriteAsync();
        if (transition.To == SessionStatus.Live)
        {
            ArmMissDeadline(transition.Time);
        }
        else
        {
            _missDeadline?.Disarm();
        }

        if (transition.To == SessionStatus.Leave)
        {
            ArmLeaveDeadline(transition.Time);
        }
        else
        {
            _leaveDeadline?.Disarm();
        }

        _unacknowledged.Enqueue(new Unacknowledged(transition, written, kicked ?? _connection, kicked is not null));
        if (transition.To == SessionStatus.Closed)
        {
            // Queued and retried while the store is down; a conflict fails this turn (fenced out).
            await written;
        }
        else
        {
            // The store may go down under this very write: stop waiting once the provider says so.
            if (!written.IsCompleted)
            {
                await Task.WhenAny(written, _storage.WhenDegraded);
            }

            if (written.IsFaulted || written.IsCanceled)
            {
                await written;
            }
        }

        if (written.IsCompletedSuccessfully)
        {
            await AcknowledgeWrittenAsync();
        }

        if (_unacknowledged.Count > 0)
        {
            LogTransitionDeferred(_logger, SessionId, transition.To.ToWire(), _unacknowledged.Count);
            _acknowledgementTimer ??= this.RegisterGrainTimer(
                static (grain, _) => grain.AcknowledgeWrittenAsync(),
                this,
                new GrainTimerCreationOptions(AcknowledgementPoll, AcknowledgementPoll));
        }
    }

    /// <summary>Reports, in order, every queued transition whose write has landed; stops at the first that has not.</summary>
    private async Task AcknowledgeWrittenAsync()
    {
        while (_unacknowledged.TryPeek(out var next) && next.Written.IsCompleted)
        {
            _unacknowledged.Dequeue();
            if (!next.Written.IsCompletedSuccessfully)
            {
                // A conflict: this activation is fenced out, and its writes are all void now. Nothing of
                // them may be reported.
                _ = next.Written.Exception;
                _unacknowledged.Clear();
                break;
            }

            await AcknowledgeAsync(next);
        }

        if (_unacknowledged.Count == 0)
        {
            _acknowledgementTimer?.Dispose();
            _acknowledgementTimer = null;

            // Transitions are rare: an idle session need not keep the queue's array (128 B at 1,000,000 sessions is 128 MB).
            _unacknowledged.TrimExcess();
        }
    }

    private async Task AcknowledgeAsync(Unacknowledged item)
    {
        var transition = item.Transition;

        // Durable together with the row: later writes need not carry these events again.
        if (State.PendingEvents.RemoveAll(e => e.Seq <= transition.Seq) > 0 && State.PendingEvents.Count == 0)
        {
            State.PendingEvents.TrimExcess();
        }

        MarkDirty();
        LogTransition(_logger, SessionId, transition.From?.ToWire() ?? "none", transition.To.ToWire(), transition.Reason);
        _events.Publish(SessionId, transition);

        // Later transitions may have moved on already: the reminder follows the current status.
        if (transition.To == SessionStatus.Leave && State.Status == SessionStatus.Leave)
        {
            await EnsureLeaveReminderAsync();
        }
        else if (transition.From == SessionStatus.Leave && State.Status != SessionStatus.Leave)
        {
            await RemoveReminderAsync(LeaveReminderName);
        }

        if (item.Kicked)
        {
            item.Connection!.CloseAsync(transition.Reason).Ignore();
        }
        else if (item.Connection is { } connection && ReferenceEquals(connection, _connection) && transition.From is not null)
        {
            // Only to the connection it happened on: a client that reconnected since hears its own.
            connection.SendStateAsync(transition.To, transition.Reason).Ignore();
        }
    }

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Session {SessionId}: -> {To} applied; reported once durable ({Count} waiting)")]
    private static partial void LogTransitionDeferred(ILogger logger, string sessionId, string to, int count);

    private readonly record struct Unacknowledged(SessionTransition Transition, Task Written, ISessionConnection? Connection, bool Kicked);
}
