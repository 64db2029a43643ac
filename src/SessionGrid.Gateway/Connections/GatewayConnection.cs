using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using SessionGrid.Gateway.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Protocol;

namespace SessionGrid.Gateway.Connections;

/// <summary>
/// One client connection: reads frames, forwards them to the session grain, and writes the frames
/// the grain (or the gateway) sends back. The read loop owns the input; writes are serialized by a
/// lock because grains push <c>state</c>/<c>close</c> frames from their own turns. The grain reaches it
/// through an observer reference (<see cref="ISessionConnection"/>) made at the first attach and deleted
/// when the connection ends.
/// </summary>
internal sealed partial class GatewayConnection : ISessionConnection, IDisposable
{
    // Connection ids must not repeat across silos (a session's grain compares them): a random start
    // per process makes a collision between two silos' counters practically impossible.
    private static long s_nextId = Random.Shared.NextInt64(long.MaxValue / 2);

    private const int FramesBetweenYields = 32;

    private readonly ConnectionContext _context;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IGrainFactory _grains;
    private readonly SiloAddress _silo;
    private readonly GatewayOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClientMessageDecoder _decoder = new();
    private readonly SessionIdResolver _resolver = new();
    private readonly ServerFrameWriter _writer = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly object _closeGate = new();
    private IClientSessionGrain? _grain;
    private ISessionConnection? _observer;
    private string? _sessionId;
    private string? _helloId;
    private int? _requestedInterval;
    private bool _welcomePending;
    private long _unreportedBytes;
    private string? _closeReason;
    private Task? _closeTask;
    private bool _outputClosed;

    public GatewayConnection(ConnectionContext context, IGrainFactory grains, SiloAddress silo, GatewayOptions options, GatewayMetrics metrics, TimeProvider time, ILogger logger)
    {
        _context = context;
        _input = context.Transport.Input;
        _output = context.Transport.Output;
        _grains = grains;
        _silo = silo;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        ConnectionId = Interlocked.Increment(ref s_nextId);
        RemoteEndpoint = FormatEndpoint(context.RemoteEndPoint);
    }

    public long ConnectionId { get; }

    public string RemoteEndpoint { get; }

    private bool Closing => Volatile.Read(ref _closeReason) is not null;

    /// <summary>Runs the connection until the client leaves, breaks the protocol, or is closed.</summary>
    public async Task RunAsync()
    {
        var lostReason = TransitionReasons.ConnectionLost;
        try
        {
            lostReason = await ReadLoopAsync();
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or ObjectDisposedException)
        {
            LogConnectionFailed(_logger, ConnectionId, RemoteEndpoint, ex.Message);
        }
        catch (Exception ex)
        {
            // A grain call failed (storage down, activation failed): tell the client, keep the silo up.
            // When the grain already closed this connection (fenced out: taken-over), that close said it all.
            LogServerError(_logger, ex, ConnectionId, _sessionId);
            if (!Closing)
            {
                await SendAsync(OutboundFrame.Error("server-error", "The server could not process the frame; reconnect later."));
            }
        }
        finally
        {
            await EndAsync(Volatile.Read(ref _closeReason) ?? lostReason);
        }
    }

    /// <inheritdoc />
    public Task SendStateAsync(SessionStatus status, string reason)
    {
        _ = SendAsync(OutboundFrame.State(status.ToWire(), reason));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CloseAsync(string reason)
    {
        Close(reason);
        return Task.CompletedTask;
    }

    /// <summary>Sends a <c>close</c> frame with <paramref name="reason"/>, then closes the socket.</summary>
    public void Close(string reason)
    {
        lock (_closeGate)
        {
            if (_closeReason is not null)
            {
                return;
            }

            Volatile.Write(ref _closeReason, reason);
            _closeTask = CloseCoreAsync(reason);
        }
    }

    // The write lock is not disposed: a grain may still push a frame after the connection ended,
    // and that send must fail quietly on the completed pipe, not on a disposed semaphore.
    public void Dispose() => _decoder.Dispose();

    private async Task<string> ReadLoopAsync()
    {
        // The handshake lasts until a frame names the session (a hello without an id does not), so
        // a connection cannot stay open without a session whose timers would eventually close it.
        using var handshake = new CancellationTokenSource(_options.HandshakeTimeout, _time);

        // Armed only while a frame is half-read, so whole-frame heartbeats (the normal case) cost no
        // timer. Bytes trickling into the same frame do not re-arm it: progress alone must not keep
        // a slowloris connection (and its buffer) alive.
        CancellationTokenSource? frameDeadline = null;
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await _input.ReadAsync(_grain is null ? handshake.Token : frameDeadline?.Token ?? CancellationToken.None);
                }
                catch (OperationCanceledException) when (_grain is null && handshake.IsCancellationRequested)
                {
                    await ViolateAsync(ProtocolErrorCode.HandshakeTimeout);
                    return TransitionReasons.ProtocolViolation;
                }
                catch (OperationCanceledException) when (frameDeadline?.IsCancellationRequested == true)
                {
                    await ViolateAsync(ProtocolErrorCode.FrameTimeout);
                    return TransitionReasons.ProtocolViolation;
                }

                if (result.IsCanceled)
                {
                    return TransitionReasons.ConnectionLost;
                }

                var buffer = result.Buffer;
                var violation = ProtocolErrorCode.None;
                var framesRead = 0;
                try
                {
                    while (!Closing)
                    {
                        var status = FrameCodec.TryReadFrame(buffer, _options.MaxFrameLength, out var body, out var consumed, out var length);
                        if (status == FrameReadStatus.Incomplete)
                        {
                            break;
                        }

                        if (status != FrameReadStatus.Frame)
                        {
                            violation = status == FrameReadStatus.TooLarge ? ProtocolErrorCode.FrameTooLarge : ProtocolErrorCode.InvalidLength;
                            break;
                        }

                        framesRead++;
                        var frameBytes = FrameCodec.HeaderLength + length;
                        _unreportedBytes += frameBytes;
                        _metrics.Frame(frameBytes);
                        violation = Decode(body, out var frame);
                        buffer = buffer.Slice(consumed);
                        if (violation != ProtocolErrorCode.None)
                        {
                            break;
                        }

                        violation = await HandleAsync(frame);
                        if (violation != ProtocolErrorCode.None)
                        {
                            break;
                        }

                        if (framesRead % FramesBetweenYields == 0)
                        {
                            // A flooding client's frames and their grain calls complete through thread-pool
                            // threads' local queues, which run before the global queue: without this, HTTP
                            // requests and new connections waited >30 s under a 200-client flood. Task.Yield
                            // goes through the global queue, so everyone gets a turn.
                            await Task.Yield();
                        }
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (violation != ProtocolErrorCode.None)
                {
                    await ViolateAsync(violation);
                    return TransitionReasons.ProtocolViolation;
                }

                if (Closing)
                {
                    return TransitionReasons.ConnectionLost;
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        await ViolateAsync(ProtocolErrorCode.TruncatedFrame);
                        return TransitionReasons.ProtocolViolation;
                    }

                    return TransitionReasons.ConnectionLost;
                }

                // A new frame at the head of the buffer restarts the deadline; more bytes of the same
                // frame do not.
                if (buffer.IsEmpty)
                {
                    frameDeadline?.Dispose();
                    frameDeadline = null;
                }
                else if (framesRead > 0 || frameDeadline is null)
                {
                    frameDeadline?.Dispose();
                    frameDeadline = new CancellationTokenSource(_options.FrameTimeout, _time);
                }
            }
        }
        finally
        {
            frameDeadline?.Dispose();
        }
    }

    private ProtocolErrorCode Decode(in ReadOnlySequence<byte> body, out InboundFrame frame)
    {
        var error = _decoder.TryDecode(body, out var message);
        if (error != ProtocolErrorCode.None)
        {
            frame = default;
            return error;
        }

        var status = message.Status switch
        {
            DeclaredStatus.Leave => ClientDeclaredStatus.Leave,
            DeclaredStatus.Close => ClientDeclaredStatus.Close,
            _ => ClientDeclaredStatus.Live,
        };
        string? sessionId = null;
        string? ip = null;
        switch (message.Kind)
        {
            case ClientMessageKind.Hello:
                sessionId = message.Id.IsEmpty ? null : _resolver.Resolve(message.Id, default, false, 0, RemoteEndpoint);
                break;
            case ClientMessageKind.Heartbeat:
                ip = _resolver.GetIp(message.Ip);
                sessionId = message.Id.IsEmpty && _helloId is not null
                    ? _helloId
                    : _resolver.Resolve(message.Id, message.Ip, message.HasPid, message.Pid, RemoteEndpoint);
                break;
        }

        frame = new InboundFrame(
            message.Kind,
            status,
            sessionId,
            ip,
            message.HasPid ? message.Pid : null,
            message.Ack && message.HasSeq ? message.Seq : null,
            message.HasInterval ? message.IntervalSeconds : null);
        return ProtocolErrorCode.None;
    }

    // Pooled: every heartbeat suspends here on its grain call, and a plain async ValueTask would
    // allocate its state machine box each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ProtocolErrorCode> HandleAsync(InboundFrame frame)
    {
        switch (frame.Kind)
        {
            case ClientMessageKind.Hello:
                _requestedInterval = frame.IntervalSeconds;
                _welcomePending = true;
                if (frame.SessionId is { } id)
                {
                    if (_sessionId is not null && !string.Equals(id, _sessionId, StringComparison.Ordinal))
                    {
                        return ProtocolErrorCode.SessionChanged;
                    }

                    _helloId = id;
                    await AttachAsync(id, resumed: false);
                }

                return ProtocolErrorCode.None;
            case ClientMessageKind.Heartbeat:
                if (_sessionId is null)
                {
                    await AttachAsync(frame.SessionId!, resumed: false);
                }
                else if (!string.Equals(frame.SessionId, _sessionId, StringComparison.Ordinal))
                {
                    return ProtocolErrorCode.SessionChanged;
                }

                _metrics.Heartbeat();
                var request = new HeartbeatRequest(ConnectionId, frame.Status, frame.Ip!, frame.Pid, TakeBytes());
                HeartbeatOutcome outcome;
                try
                {
                    outcome = await _grain!.HeartbeatAsync(request);
                }
                catch (Exception ex) when (GrainCallRetry.IsTransient(ex))
                {
                    outcome = await RetryAsync(ex, request, static (grain, r) => grain.HeartbeatAsync(r));
                }

                if (outcome == HeartbeatOutcome.NotAttached && !Closing)
                {
                    // The activation that held this connection is gone (deactivated for a reason other
                    // than a newer owner): present ourselves again.
                    await AttachAsync(_sessionId!, resumed: true);
                    outcome = await _grain!.HeartbeatAsync(request);
                }

                if (outcome == HeartbeatOutcome.NotAttached)
                {
                    Close(TransitionReasons.TakenOver);
                }
                else if (outcome == HeartbeatOutcome.Accepted && frame.AckSeq is { } seq)
                {
                    await SendAsync(OutboundFrame.Ack(seq));
                }

                return ProtocolErrorCode.None;
            default:
                await ByeAsync();
                return ProtocolErrorCode.None;
        }
    }

    /// <summary>
    /// A call to the session's grain failed because its silo is unreachable (its death not declared yet):
    /// log it and repeat the call (<see cref="GrainCallRetry"/>). The call is a static lambda, so the hot path
    /// that only catches allocates no closure.
    /// </summary>
    private ValueTask<T> RetryAsync<TRequest, T>(Exception failure, TRequest request, Func<IClientSessionGrain, TRequest, ValueTask<T>> call)
    {
        LogRetrying(_logger, ConnectionId, _sessionId, failure.GetType().Name);
        return GrainCallRetry.RetryAsync((Grain: _grain!, Request: request, Call: call), static s => s.Call(s.Grain, s.Request), _time);
    }

    private async ValueTask ByeAsync()
    {
        if (_grain is not null)
        {
            var bye = new ByeRequest(ConnectionId, TakeBytes());
            var outcome = await _grain.ByeAsync(bye);
            if (outcome == HeartbeatOutcome.NotAttached && !Closing)
            {
                await AttachAsync(_sessionId!, resumed: true);
                await _grain.ByeAsync(bye);
            }
        }

        // The grain has kicked us when it closed the session; when it could not, the client still
        // asked to go, so it goes.
        Close(TransitionReasons.ClientClosed);
    }

    private async ValueTask AttachAsync(string sessionId, bool resumed)
    {
        _sessionId = sessionId;
        _grain ??= _grains.GetGrain<IClientSessionGrain>(sessionId);
        _observer ??= _grains.CreateObjectReference<ISessionConnection>(this);
        var request = new AttachRequest(_observer, ConnectionId, RemoteEndpoint, _requestedInterval, resumed, _silo);
        AttachResult attached;
        try
        {
            attached = await _grain.AttachAsync(request);
        }
        catch (Exception ex) when (GrainCallRetry.IsTransient(ex))
        {
            attached = await RetryAsync(ex, request, static (grain, r) => grain.AttachAsync(r));
        }

        if (_welcomePending)
        {
            _welcomePending = false;
            await SendAsync(OutboundFrame.Welcome(sessionId, attached));
        }
    }

    private async ValueTask ViolateAsync(ProtocolErrorCode code)
    {
        _metrics.Violation(code);
        LogViolation(_logger, ConnectionId, RemoteEndpoint, ProtocolErrors.ToWireCode(code), _decoder.LastErrorDetail);
        if (_grain is not null)
        {
            await _grain.RecordProtocolViolationAsync(ConnectionId);
        }

        var message = code == ProtocolErrorCode.InvalidField && _decoder.LastErrorDetail is { } detail ? detail : ProtocolErrors.Describe(code);
        await SendAsync(OutboundFrame.Error(ProtocolErrors.ToWireCode(code), message));
    }

    private async Task EndAsync(string lostReason)
    {
        if (_grain is not null)
        {
            try
            {
                await _grain.ConnectionLostAsync(new ConnectionLostRequest(ConnectionId, lostReason, TakeBytes()));
            }
            catch (Exception ex)
            {
                LogServerError(_logger, ex, ConnectionId, _sessionId);
            }
        }

        Task? closing;
        lock (_closeGate)
        {
            closing = _closeTask;
        }

        if (closing is not null)
        {
            await closing;
        }

        if (_observer is not null)
        {
            _grains.DeleteObjectReference<ISessionConnection>(_observer);
        }

        // From here Kestrel completes the output: frames a grain still pushes are dropped.
        if (await _writeLock.WaitAsync(_options.CloseTimeout))
        {
            _outputClosed = true;
            _writeLock.Release();
        }
        else
        {
            _context.Abort(new ConnectionAbortedException("A write to the client did not finish in time."));
        }
    }

    private async Task CloseCoreAsync(string reason)
    {
        // Stop reading first: nothing the client sends after this matters. A client that does not
        // read cannot hold the close (and its socket) open: past CloseTimeout the connection is aborted.
        _input.CancelPendingRead();
        if (!await SendAsync(OutboundFrame.CloseFrame(reason), _options.CloseTimeout))
        {
            LogCloseAborted(_logger, ConnectionId, RemoteEndpoint, reason);
            _context.Abort(new ConnectionAbortedException($"The close frame ({reason}) could not be delivered in time."));
        }
    }

    private async Task<bool> SendAsync(OutboundFrame frame, TimeSpan? timeout = null)
    {
        using var deadline = timeout is { } limit ? new CancellationTokenSource(limit, _time) : null;
        var token = deadline?.Token ?? CancellationToken.None;
        try
        {
            await _writeLock.WaitAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (_outputClosed)
            {
                return false;
            }

            frame.WriteTo(_writer, _output);
            _outputClosed = frame.Kind == OutboundFrameKind.Close;
            var flushed = await _output.FlushAsync(token);
            return !flushed.IsCanceled;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException)
        {
            // The client is already gone (or would not read in time); there is nobody left to tell.
            LogWriteFailed(_logger, ConnectionId, ex.Message);
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private long TakeBytes()
    {
        var bytes = _unreportedBytes;
        _unreportedBytes = 0;
        return bytes;
    }

    private static string FormatEndpoint(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint ip when ip.Address.IsIPv4MappedToIPv6 => new IPEndPoint(ip.Address.MapToIPv4(), ip.Port).ToString(),
        null => "unknown",
        _ => endpoint.ToString() ?? "unknown",
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Connection {ConnectionId} from {RemoteEndpoint}: protocol violation {Code} {Detail}")]
    private static partial void LogViolation(ILogger logger, long connectionId, string remoteEndpoint, string code, string? detail);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Connection {ConnectionId} from {RemoteEndpoint} failed: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, long connectionId, string remoteEndpoint, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Connection {ConnectionId} (session {SessionId}): server error")]
    private static partial void LogServerError(ILogger logger, Exception exception, long connectionId, string? sessionId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Connection {ConnectionId} from {RemoteEndpoint}: close ({Reason}) not delivered in time; connection aborted")]
    private static partial void LogCloseAborted(ILogger logger, long connectionId, string remoteEndpoint, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Connection {ConnectionId} (session {SessionId}): the session's silo is unreachable ({Failure}); retrying until membership moves on")]
    private static partial void LogRetrying(ILogger logger, long connectionId, string? sessionId, string failure);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: write failed: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, long connectionId, string reason);
}
