using System.Net;
using System.Net.Sockets;
using SessionGrid.Client.Internal;

namespace SessionGrid.Client;

/// <summary>The reconnect loop: attempts, backoff, and the decision to give up.</summary>
public sealed partial class SessionGridClient
{
    private async Task<ClientStopInfo> RunLoopAsync()
    {
        ClientStopInfo info;
        try
        {
            info = await RunCoreAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug, not a network failure: report it through Completion instead of an unobserved task.
            info = new ClientStopInfo(ClientStopReason.Stopped, $"The client stopped on an unexpected error: {ex.Message}", 0, DisconnectKind.Other, null, ex);
        }

        SetState(ClientState.Stopped);

        // Completion means "everything is over", the last event included.
        await _events.CompleteAsync().ConfigureAwait(false);
        _completion.TrySetResult(info);
        return info;
    }

    private async Task<ClientStopInfo> RunCoreAsync()
    {
        var stop = _stop.Token;
        var reconnect = _options.Reconnect;
        var attempt = 0;
        var retry = 0;
        SessionGridConnectionException? last = null;
        string? lastCloseReason = null;
        while (true)
        {
            if (last is not null)
            {
                retry++;
                var delay = Backoff.RetryDelay(reconnect, retry, Random.Shared.NextDouble());
                SetState(ClientState.WaitingToReconnect);
                Raise(Reconnecting, new ReconnectingEventArgs(attempt + 1, delay, last.Kind, last.Message));
                try
                {
                    await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return Stopped(attempt, last, lastCloseReason);
                }
            }

            if (stop.IsCancellationRequested)
            {
                return Stopped(attempt, last, lastCloseReason);
            }

            attempt++;
            var end = await AttemptAsync(attempt, stop).ConfigureAwait(false);
            if (end.Failure is not { } failure)
            {
                return Stopped(end.Proven ? 0 : attempt, last, lastCloseReason);
            }

            last = failure;
            lastCloseReason = end.CloseReason ?? lastCloseReason;
            _counters.Failure(failure.Kind, failure.Message);
            if (end.Proven)
            {
                attempt = 0;
                retry = 0;
            }

            if (end.CloseReason is { } reason && ReconnectFlagFor(reason) is { } flag && !flag.Allowed)
            {
                return GiveUp(new ClientStopInfo(
                    ClientStopReason.ClosedByServer,
                    $"The server closed session '{SessionId}' with reason '{reason}'; not reconnecting because ReconnectOptions.{flag.Name} is false.",
                    attempt,
                    failure.Kind,
                    reason,
                    failure));
            }

            if (!reconnect.Enabled)
            {
                return GiveUp(new ClientStopInfo(
                    ClientStopReason.ReconnectDisabled,
                    $"{failure.Message} Not reconnecting because ReconnectOptions.Enabled is false.",
                    attempt,
                    failure.Kind,
                    end.CloseReason,
                    failure));
            }

            if (reconnect.MaxAttempts is { } max && attempt >= max)
            {
                return GiveUp(new ClientStopInfo(
                    ClientStopReason.AttemptsExhausted,
                    $"Gave up after {attempt} failed connection attempt{(attempt == 1 ? "" : "s")} to {_options.Host}:{_options.Port} (ReconnectOptions.MaxAttempts = {max}). Last failure ({failure.Kind}): {failure.Message}",
                    attempt,
                    failure.Kind,
                    end.CloseReason,
                    failure));
            }
        }
    }

    /// <summary>One connection attempt and, when it connects, the life of that connection.</summary>
    private async Task<ConnectionEnd> AttemptAsync(int attempt, CancellationToken stop)
    {
        SetState(ClientState.Connecting);
        _counters.Attempt();
        Socket socket;
        try
        {
            socket = await Connector.ConnectAsync(_options.Host, _options.Port, _options.ConnectTimeout, _time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ConnectionEnd.Stopped;
        }
        catch (Exception ex)
        {
            return new ConnectionEnd(FailureClassifier.Wrap(ex, $"Connecting to {_options.Host}:{_options.Port}"), null);
        }

        var connection = new ClientConnection(socket, _time, _options.MaxFrameLength);
        await using (connection.ConfigureAwait(false))
        {
            var sessionId = FixIdentity(connection.LocalEndPoint.Address);
            var isReconnect = _counters.Connected() > 1;
            SetState(ClientState.Connected);
            Raise(Connected, new ConnectedEventArgs(attempt, isReconnect, connection.RemoteEndPoint, sessionId));
            return await RunConnectionAsync(connection, stop).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The declared ip and a derived session id are fixed at the first connection, so every reconnect
    /// (even over another local address) speaks for the same session.
    /// </summary>
    private string FixIdentity(IPAddress localAddress)
    {
        lock (_gate)
        {
            _declaredIp ??= localAddress.ToString();
            _sessionId ??= DeriveSessionId(_declaredIp, _pid);
            return _sessionId;
        }
    }

    /// <summary>The option that decides whether a <c>close</c> with <paramref name="reason"/> may be followed by a reconnect; null: always.</summary>
    private (string Name, bool Allowed)? ReconnectFlagFor(string reason) => reason switch
    {
        "kicked" => (nameof(ReconnectOptions.ReconnectAfterKick), _options.Reconnect.ReconnectAfterKick),
        "client-closed" => (nameof(ReconnectOptions.ReconnectAfterClientClosed), _options.Reconnect.ReconnectAfterClientClosed),
        "taken-over" => (nameof(ReconnectOptions.ReconnectAfterTakenOver), _options.Reconnect.ReconnectAfterTakenOver),
        _ => null,
    };

    private bool WillReconnectAfter(string? reason)
        => _options.Reconnect.Enabled && !_stop.IsCancellationRequested && (reason is null || ReconnectFlagFor(reason) is not { Allowed: false });

    private ClientStopInfo GiveUp(ClientStopInfo info)
    {
        Raise(GaveUp, new GaveUpEventArgs(info));
        return info;
    }

    private static ClientStopInfo Stopped(int attempts, SessionGridConnectionException? last, string? closeReason)
        => new(ClientStopReason.Stopped, "The client was stopped by its owner.", attempts, last?.Kind, closeReason, last);
}
