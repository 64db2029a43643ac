using SessionGrid.Client.Internal;
using SessionGrid.Protocol;

namespace SessionGrid.Client;

/// <summary>The life of one connection: a read loop, a heartbeat loop, watchdogs, and the bye.</summary>
public sealed partial class SessionGridClient
{
    private async Task<ConnectionEnd> RunConnectionAsync(ClientConnection connection, CancellationToken stop)
    {
        using var session = new ConnectionSession(connection, _time, _options.RequestAcks ? _options.AckTimeout : null, _abort.Token);
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(session.Token, stop);
        var readLoop = ReadLoopAsync(session);
        var heartbeatLoop = HeartbeatLoopAsync(session, beating.Token);

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stop.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), stopped))
        {
            await Task.WhenAny(session.Ended, stopped.Task).ConfigureAwait(false);
        }

        if (stop.IsCancellationRequested)
        {
            SetState(ClientState.Stopping);
            if (!session.Ended.IsCompleted)
            {
                // The heartbeat loop ends at its next wait; a frame it is writing is finished first,
                // so the bye never lands in the middle of a heartbeat.
                await heartbeatLoop.ConfigureAwait(false);
                await SayByeAsync(session).ConfigureAwait(false);
            }
        }

        // The reader is released (by the caller's dispose) only after the read loop is out of it:
        // a pipe reader must not be completed under a pending read.
        session.Cancel();
        connection.Close();
        await Task.WhenAll(readLoop, heartbeatLoop).ConfigureAwait(false);

        if (stop.IsCancellationRequested)
        {
            Raise(Disconnected, new DisconnectedEventArgs(DisconnectKind.Stopped, "The client closed the connection: it is stopping.", null));
            return new ConnectionEnd(null, null, session.Proven);
        }

        var end = await session.Ended.ConfigureAwait(false);
        Raise(Disconnected, new DisconnectedEventArgs(end.Failure!.Kind, end.Failure.Message, end.Failure));
        return end with { Proven = session.Proven };
    }

    private async Task ReadLoopAsync(ConnectionSession session)
    {
        try
        {
            while (true)
            {
                var message = await session.Connection.ReceiveAsync(session.Token).ConfigureAwait(false);
                if (message is null)
                {
                    session.Fail(new SessionGridConnectionException(DisconnectKind.ClosedByServer, "The server closed the connection without a close frame."));
                    return;
                }

                if (!Handle(session, message))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (session.Token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            session.Fail(FailureClassifier.Wrap(ex, "Reading from the server"));
        }
    }

    /// <summary>Handles one server frame; false when it ends the connection.</summary>
    private bool Handle(ConnectionSession session, ServerMessage message)
    {
        switch (message.Type)
        {
            case "welcome":
                _counters.Welcome();
                session.HandshakeDone();
                if (message.Interval is > 0 and var seconds)
                {
                    // Never beat slower than the server expects, or it would see misses.
                    var server = TimeSpan.FromSeconds(seconds);
                    Interlocked.Exchange(ref _intervalTicks, Math.Min(_options.Interval.Ticks, server.Ticks));
                }

                Raise(Welcome, new WelcomeEventArgs(message.Session, message.Interval, message.LeaveAfter, message.CloseAfter));
                return true;
            case "state":
                _counters.State();
                session.MarkProven();
                Raise(StateChanged, new StateChangedEventArgs(message.Status, message.Reason));
                return true;
            case "ack":
                _counters.Ack();
                session.MarkProven();
                var seq = message.Seq ?? 0;
                var roundTrip = message.Seq is { } acked ? session.Acks?.Acknowledged(acked) : null;
                Raise(Ack, new AckEventArgs(seq, roundTrip));
                return true;
            case "close":
                _counters.Close(message.Reason);
                Raise(ServerClosed, new ServerClosedEventArgs(message.Reason, WillReconnectAfter(message.Reason)));
                session.Fail(
                    new SessionGridConnectionException(DisconnectKind.ClosedByServer, $"The server closed the connection with reason '{message.Reason ?? "(none)"}'."),
                    message.Reason);
                return false;
            case "error":
                _counters.Error();
                Raise(ServerError, new ServerErrorEventArgs(message.Code, message.Message));
                session.Fail(new SessionGridConnectionException(DisconnectKind.Protocol, $"The server reported an error: {message.Code}: {message.Message}"));
                return false;
            default:
                // A frame type added after this client was written: ignored, as PROTOCOL.md asks.
                _counters.Unknown();
                return true;
        }
    }

    private async Task HeartbeatLoopAsync(ConnectionSession session, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        var provenByTime = !_options.Hello && !_options.RequestAcks;
        try
        {
            if (_options.Hello)
            {
                session.StartHandshakeTimer(_time, _options.HandshakeTimeout);
                var announced = (int)Math.Max(1, Math.Round(_options.Interval.TotalSeconds));
                await connection.SendHelloAsync(SessionId!, _options.Token, announced, _options.SendTimeout, session.Token).ConfigureAwait(false);

                // The welcome names the interval the server expects; beat to it from the first wait on.
                // A server that refuses the hello says so (error) before any heartbeat is wasted.
                await session.Welcomed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            for (var sent = 1; ; sent++)
            {
                var seq = Interlocked.Increment(ref _seq);
                session.Acks?.Sent(seq);
                var fields = new HeartbeatFields(
                    _declaredIp!,
                    "alive",
                    _pid,
                    _options.SessionId,
                    seq,
                    _time.GetUtcNow().ToUnixTimeMilliseconds(),
                    _options.RequestAcks);

                // Sent on the connection's token, not the stop token: a stop must not cut a frame in half.
                await connection.SendHeartbeatAsync(fields, _options.DoubleEncoded, _options.SendTimeout, session.Token).ConfigureAwait(false);
                _counters.HeartbeatSent();
                if (provenByTime && sent == 2)
                {
                    session.MarkProven();
                }

                var wait = Backoff.Jittered(CurrentInterval, _options.IntervalJitter, Random.Shared.NextDouble());
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            session.Fail(FailureClassifier.Wrap(ex, "Sending to the server"));
        }
    }

    /// <summary>Sends the bye and waits (bounded) for the server to close, so it records <c>client-closed</c>.</summary>
    private async Task SayByeAsync(ConnectionSession session)
    {
        if (!_options.SendByeOnStop)
        {
            return;
        }

        using var budget = new CancellationTokenSource(_options.ByeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, session.Token);
        try
        {
            await session.Connection.SendByeAsync(_options.ByeReason, _options.ByeTimeout, linked.Token).ConfigureAwait(false);
            await session.Ended.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SessionGridConnectionException)
        {
            // Best effort: the server notices the closed connection either way.
        }
    }
}
