using SessionGrid.Client.Internal;

namespace SessionGrid.Client;

/// <summary>
/// A SessionGrid client: connects to a gateway, optionally says hello, heartbeats on its interval,
/// raises events for the server's frames, and reconnects (resuming the same session id) after every
/// network failure, with exponential backoff, until it is stopped or its reconnect policy says to give up.
/// </summary>
/// <remarks>
/// <para>Runs on async tasks (a read loop, a heartbeat loop, an event pump): no thread of its own.</para>
/// <para>Events are raised in order on the client's event task, never under a lock of the client; a
/// handler that throws is counted in <see cref="SessionGridClientStatistics.HandlerFailures"/> and the
/// client carries on. Handlers should be short, and must not block on the client (e.g. wait for
/// <see cref="Completion"/>): the client finishes only after its last event was raised.</para>
/// <code>
/// await using var client = new SessionGridClient(new SessionGridClientOptions { Host = "grid.example", SessionId = "device-42" });
/// client.GaveUp += (_, e) => Console.Error.WriteLine(e.Info.Message);
/// await client.StartAsync();
/// </code>
/// </remarks>
public sealed partial class SessionGridClient : IAsyncDisposable
{
    private readonly SessionGridClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ClientCounters _counters = new();
    private readonly EventDispatcher _events;
    private readonly TaskCompletionSource<ClientStopInfo> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // _stop asks for a graceful stop (bye, then close); _abort cuts the bye short.
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly object _gate = new();
    private readonly Lazy<Task> _disposal;
    private readonly long _pid;
    private Task<ClientStopInfo>? _run;
    private bool _disposed;
    private string? _sessionId;
    private string? _declaredIp;
    private int _state;
    private long _intervalTicks;
    private long _seq;

    /// <summary>Creates a client; nothing happens on the network until <see cref="StartAsync"/> or <see cref="RunAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public SessionGridClient(SessionGridClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SessionGridClientOptionsValidator.ThrowIfInvalid(options);
        _options = options.Clone();
        _time = _options.TimeProvider;
        _events = new EventDispatcher(_counters.HandlerFailed);
        _disposal = new Lazy<Task>(DisposeCoreAsync);
        _pid = _options.Pid ?? Environment.ProcessId;
        _declaredIp = _options.DeclaredIp;
        _sessionId = _options.SessionId ?? (_declaredIp is null ? null : DeriveSessionId(_declaredIp, _pid));
        _intervalTicks = _options.Interval.Ticks;
    }

    /// <summary>A connection opened.</summary>
    public event EventHandler<ConnectedEventArgs>? Connected;

    /// <summary>The server answered the hello.</summary>
    public event EventHandler<WelcomeEventArgs>? Welcome;

    /// <summary>The server moved the session to another state.</summary>
    public event EventHandler<StateChangedEventArgs>? StateChanged;

    /// <summary>The server sent <c>close</c>.</summary>
    public event EventHandler<ServerClosedEventArgs>? ServerClosed;

    /// <summary>The server sent <c>error</c>.</summary>
    public event EventHandler<ServerErrorEventArgs>? ServerError;

    /// <summary>The server acknowledged a heartbeat.</summary>
    public event EventHandler<AckEventArgs>? Ack;

    /// <summary>An open connection ended (for any reason, the client's own stop included).</summary>
    public event EventHandler<DisconnectedEventArgs>? Disconnected;

    /// <summary>The client waits out a backoff delay before its next connection attempt.</summary>
    public event EventHandler<ReconnectingEventArgs>? Reconnecting;

    /// <summary>The client stopped for good without being asked to.</summary>
    public event EventHandler<GaveUpEventArgs>? GaveUp;

    /// <summary>
    /// The session id: the configured one, or <c>"{ip}:{pid}"</c>, known once the declared ip is (the
    /// first connection's local address when none is configured). Null until then.
    /// </summary>
    public string? SessionId => Volatile.Read(ref _sessionId);

    /// <summary>Where the client is in its life.</summary>
    public ClientState State => (ClientState)Volatile.Read(ref _state);

    /// <summary>Completes, never faulted, when the client has stopped for good; says why.</summary>
    public Task<ClientStopInfo> Completion => _completion.Task;

    private TimeSpan CurrentInterval => TimeSpan.FromTicks(Interlocked.Read(ref _intervalTicks));

    /// <summary>A snapshot of the client's state and counters.</summary>
    public SessionGridClientStatistics GetStatistics() => _counters.Snapshot(State, SessionId, CurrentInterval);

    /// <summary>
    /// Starts connecting in the background and returns at once; failures are retried per the reconnect
    /// policy and reported through events and <see cref="Completion"/>, never thrown from here.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start only; stop a running client with <see cref="StopAsync"/> or dispose it.</param>
    /// <exception cref="InvalidOperationException">The client was already started or stopped (a client runs once).</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Begin();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs the client until it stops for good: <paramref name="cancellationToken"/> stops it gracefully
    /// (bye, bounded by <see cref="SessionGridClientOptions.ByeTimeout"/>) and returns; it does not throw.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client was already started or stopped (a client runs once).</exception>
    public async Task<ClientStopInfo> RunAsync(CancellationToken cancellationToken = default)
    {
        var run = Begin();
        using (cancellationToken.UnsafeRegister(static state => ((SessionGridClient)state!).RequestStop(), this))
        {
            return await run.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the client: sends a bye when connected (so the server closes the session as
    /// <c>client-closed</c>), closes the connection and ends every loop. Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Gives up waiting for the bye: the connection is closed at once.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task<ClientStopInfo>? run;
        lock (_gate)
        {
            run = _run;
            RequestStop();
        }

        if (run is null)
        {
            SetState(ClientState.Stopped);
            _completion.TrySetResult(new ClientStopInfo(ClientStopReason.Stopped, "The client was stopped before it started.", 0, null, null, null));
            return;
        }

        using (cancellationToken.UnsafeRegister(static state => ((SessionGridClient)state!).Abort(), this))
        {
            await run.ConfigureAwait(false);
        }
    }

    /// <summary>Stops the client (see <see cref="StopAsync"/>); idempotent.</summary>
    public ValueTask DisposeAsync() => new(_disposal.Value);

    private async Task DisposeCoreAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        await StopAsync().ConfigureAwait(false);
    }

    private Task<ClientStopInfo> Begin()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_run is not null || _stop.IsCancellationRequested)
            {
                throw new InvalidOperationException("This client was already started or stopped; a client runs once. Create a new client to run again.");
            }

            _run = Task.Run(RunLoopAsync);
            return _run;
        }
    }

    private void RequestStop()
    {
        // CancelAsync: the callbacks (loops waking up) must not run on the caller's stack, under _gate.
        _ = _stop.CancelAsync();
    }

    private void Abort()
    {
        RequestStop();
        _ = _abort.CancelAsync();
    }

    private void SetState(ClientState state) => Volatile.Write(ref _state, (int)state);

    private static string DeriveSessionId(string ip, long pid) => $"{ip}:{pid}";

    /// <summary>Queues <paramref name="args"/> for every handler of an event, each guarded on its own.</summary>
    private void Raise<T>(EventHandler<T>? handler, T args)
        where T : EventArgs
    {
        if (handler is null)
        {
            return;
        }

        _events.Post(() =>
        {
            foreach (var single in handler.GetInvocationList())
            {
                try
                {
                    ((EventHandler<T>)single)(this, args);
                }
                catch (Exception ex)
                {
                    _counters.HandlerFailed(ex);
                }
            }
        });
    }
}
