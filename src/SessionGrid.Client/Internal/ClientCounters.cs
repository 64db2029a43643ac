namespace SessionGrid.Client.Internal;

/// <summary>The client's counters: bumped with Interlocked from its loops, read as one snapshot.</summary>
internal sealed class ClientCounters
{
    private readonly object _gate = new();
    private long _attempts;
    private long _connections;
    private long _heartbeats;
    private long _welcomes;
    private long _states;
    private long _closes;
    private long _errors;
    private long _acks;
    private long _unknown;
    private long _handlerFailures;
    private DisconnectKind? _lastFailureKind;
    private string? _lastFailure;
    private string? _lastCloseReason;
    private Exception? _lastHandlerException;

    public void Attempt() => Interlocked.Increment(ref _attempts);

    public long Connected() => Interlocked.Increment(ref _connections);

    public void HeartbeatSent() => Interlocked.Increment(ref _heartbeats);

    public void Welcome() => Interlocked.Increment(ref _welcomes);

    public void State() => Interlocked.Increment(ref _states);

    public void Error() => Interlocked.Increment(ref _errors);

    public void Ack() => Interlocked.Increment(ref _acks);

    public void Unknown() => Interlocked.Increment(ref _unknown);

    public void Close(string? reason)
    {
        Interlocked.Increment(ref _closes);
        lock (_gate)
        {
            _lastCloseReason = reason;
        }
    }

    public void Failure(DisconnectKind kind, string message)
    {
        lock (_gate)
        {
            _lastFailureKind = kind;
            _lastFailure = message;
        }
    }

    public void HandlerFailed(Exception exception)
    {
        Interlocked.Increment(ref _handlerFailures);
        lock (_gate)
        {
            _lastHandlerException = exception;
        }
    }

    public SessionGridClientStatistics Snapshot(ClientState state, string? sessionId, TimeSpan interval)
    {
        var connections = Interlocked.Read(ref _connections);
        lock (_gate)
        {
            return new SessionGridClientStatistics
            {
                State = state,
                SessionId = sessionId,
                ConnectionAttempts = Interlocked.Read(ref _attempts),
                Connections = connections,
                Reconnects = Math.Max(0, connections - 1),
                HeartbeatsSent = Interlocked.Read(ref _heartbeats),
                WelcomesReceived = Interlocked.Read(ref _welcomes),
                StatesReceived = Interlocked.Read(ref _states),
                ClosesReceived = Interlocked.Read(ref _closes),
                ErrorsReceived = Interlocked.Read(ref _errors),
                AcksReceived = Interlocked.Read(ref _acks),
                UnknownFramesReceived = Interlocked.Read(ref _unknown),
                LastFailureKind = _lastFailureKind,
                LastFailure = _lastFailure,
                LastServerCloseReason = _lastCloseReason,
                HandlerFailures = Interlocked.Read(ref _handlerFailures),
                LastHandlerException = _lastHandlerException,
                CurrentInterval = interval,
            };
        }
    }
}
