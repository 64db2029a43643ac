namespace SessionGrid.Client.Internal;

/// <summary>
/// The shared fate of one connection's loops: the first failure any of them (or a watchdog timer)
/// reports ends the connection, and the others see it through <see cref="Token"/>.
/// </summary>
internal sealed class ConnectionSession : IDisposable
{
    private readonly CancellationTokenSource _lifetime;
    private readonly TaskCompletionSource<ConnectionEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _welcomed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _handshake;
    private TimeSpan _handshakeTimeout;
    private int _proven;

    /// <param name="ackTimeout">When set, heartbeats need acks, and one unacknowledged for this long fails the connection.</param>
    /// <param name="abort">Cancels the connection at once (a stop that may not wait for the bye).</param>
    public ConnectionSession(ClientConnection connection, TimeProvider time, TimeSpan? ackTimeout, CancellationToken abort)
    {
        Connection = connection;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(abort);
        if (ackTimeout is { } timeout)
        {
            Acks = new AckTracker(time, timeout, seq => Fail(new SessionGridConnectionException(
                DisconnectKind.Timeout,
                $"Heartbeat {seq} was not acknowledged within {timeout} (AckTimeout): the server, or the path to it, is not answering.")));
        }
    }

    public ClientConnection Connection { get; }

    /// <summary>Cancelled when the connection ends for any reason.</summary>
    public CancellationToken Token => _lifetime.Token;

    /// <summary>Completes with the first failure.</summary>
    public Task<ConnectionEnd> Ended => _ended.Task;

    /// <summary>Completes when the welcome arrived.</summary>
    public Task Welcomed => _welcomed.Task;

    /// <summary>Set when heartbeats need acks.</summary>
    public AckTracker? Acks { get; }

    /// <summary>The server showed that it serves this session (welcome, ack or state), or heartbeats flowed for an interval.</summary>
    public bool Proven => Volatile.Read(ref _proven) != 0;

    public void MarkProven() => Volatile.Write(ref _proven, 1);

    /// <summary>Ends the connection with <paramref name="failure"/>, unless it already ended.</summary>
    public void Fail(SessionGridConnectionException failure, string? closeReason = null)
    {
        if (_ended.TrySetResult(new ConnectionEnd(failure, closeReason)))
        {
            Cancel();
        }
    }

    /// <summary>Ends the loops without a failure (the client stops).</summary>
    public void Cancel()
    {
        try
        {
            _lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A watchdog timer fired while the connection was being torn down.
        }
    }

    /// <summary>Fails the connection unless <see cref="HandshakeDone"/> is called within <paramref name="timeout"/>.</summary>
    public void StartHandshakeTimer(TimeProvider time, TimeSpan timeout)
    {
        _handshakeTimeout = timeout;
        _handshake = time.CreateTimer(
            static state => ((ConnectionSession)state!).HandshakeTimedOut(),
            this,
            timeout,
            Timeout.InfiniteTimeSpan);
    }

    public void HandshakeDone()
    {
        MarkProven();
        _handshake?.Dispose();
        _welcomed.TrySetResult();
    }

    public void Dispose()
    {
        _handshake?.Dispose();
        Acks?.Dispose();
        _lifetime.Dispose();
    }

    private void HandshakeTimedOut()
    {
        // The welcome itself, not any frame: a state or ack before it proves the link but starts no
        // heartbeats, which wait for the welcome.
        if (!_welcomed.Task.IsCompleted)
        {
            Fail(new SessionGridConnectionException(
                DisconnectKind.Timeout,
                $"The server sent no welcome within {_handshakeTimeout} (HandshakeTimeout) after the hello."));
        }
    }
}
