using System.Buffers;
using System.Globalization;
using SessionGrid.Protocol;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// One simulated client: an async method per client (no thread), woken by the shared scheduler.
/// It connects, says hello, heartbeats, and at <see cref="LoadGenOptions.MisbehaveAfter"/> after its
/// first heartbeat switches to its <see cref="ClientMode"/>. All its sends happen on this flow, in order.
/// </summary>
internal sealed partial class LoadClient
{
    // How long a closing client waits for the server to close its side (after a bye or a FIN).
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    // Flooding clients write this many heartbeats per send: still back to back on the wire, with a
    // sixteenth of the system calls, so the server rather than the load generator is what saturates.
    private const int FloodBatch = 16;

    private readonly LoadRun _run;
    private readonly long _index;
    private readonly string _sessionId;
    private readonly DelayWaiter _waiter = new();
    private readonly ArrayBufferWriter<byte> _frame = new(128);
    private readonly Action<ServerMessage> _onMessage;
    private LoadConnection? _connection;
    private long _seq;
    private long _lastHeartbeat;
    private long _connects;
    private long _reconnectStarted;
    private string? _closeReason;
    private int _silenced;
    private int _leaveSeen;

    public LoadClient(LoadRun run, long index, ClientMode mode)
    {
        _run = run;
        _index = index;
        Mode = mode;
        _sessionId = run.IdPrefix + index.ToString(CultureInfo.InvariantCulture);
        _onMessage = OnServerMessage;
    }

    private enum LoopEnd
    {
        Reached,
        Stopped,
        Broken,
    }

    public ClientMode Mode { get; }

    public async Task RunAsync()
    {
        try
        {
            _connection = await ConnectAsync(reconnect: false);
        }
        finally
        {
            _run.InitialConnectFinished();
        }

        if (_connection is null)
        {
            return;
        }

        try
        {
            await RunModeAsync();
        }
        catch (Exception e)
        {
            // A bug in one client must not end the run; it shows up in the summary instead.
            _run.Stats.Error(ErrorKind.Other, $"client {_sessionId}: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            _connection?.Abort(reset: false);
        }
    }

    /// <summary>Cuts the connection now (the shutdown grace ran out).</summary>
    public void Abort() => _connection?.Abort(reset: false);

    private async Task RunModeAsync()
    {
        if (!await HelloAsync() || !await SendHeartbeatAsync())
        {
            return;
        }

        var misbehaveAt = Mode == ClientMode.Healthy ? long.MaxValue : DelayScheduler.After(_lastHeartbeat, _run.Options.MisbehaveAfter);
        while (true)
        {
            switch (await HeartbeatUntilAsync(misbehaveAt))
            {
                case LoopEnd.Stopped:
                    // Still behaving when the run ended: leave the way a healthy client does.
                    await ByeAsync();
                    return;
                case LoopEnd.Broken when Mode == ClientMode.Healthy && _run.Options.Reconnect:
                    if (!await ReconnectAsync())
                    {
                        return;
                    }

                    continue;
                case LoopEnd.Broken:
                    return;
            }

            break;
        }

        await MisbehaveAsync();
    }

    /// <summary>
    /// A healthy client's connection broke (its silo died, or the server closed it with a reason that
    /// allows coming back): reconnect to the next target with backoff until one takes a hello and a
    /// heartbeat. False when the close said not to come back, or the run stopped.
    /// </summary>
    private async Task<bool> ReconnectAsync()
    {
        if (Volatile.Read(ref _closeReason) is "kicked" or "taken-over" or "client-closed")
        {
            return false;
        }

        var delay = _run.Options.ReconnectInitialDelay;
        while (true)
        {
            _connection?.Abort(reset: false);
            var jittered = delay.TotalSeconds * (0.8 + (0.4 * Random.Shared.NextDouble()));
            if (!await SleepUntilAsync(DelayScheduler.After(DelayScheduler.Now, jittered)))
            {
                return false;
            }

            Volatile.Write(ref _closeReason, null);
            _connection = await ConnectAsync(reconnect: true);
            if (_connection is not null && await HelloAsync() && await SendHeartbeatAsync())
            {
                return true;
            }

            if (_run.IsStopping)
            {
                return false;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _run.Options.ReconnectMaxDelay.Ticks));
        }
    }

    private Task<LoadConnection?> ConnectAsync(bool reconnect)
    {
        // A reconnect's resume time runs from here to its welcome (OnServerMessage).
        Volatile.Write(ref _reconnectStarted, reconnect ? DelayScheduler.Now : 0);
        return LoadConnection.OpenAsync(
            _run.TargetFor(_index, _connects++), _run.Sources?.Get(_index), _run.Options.ConnectTimeout, _run.Descriptors, _run.Stats, reconnect, _onMessage, _run.Stopping);
    }

    /// <summary>Heartbeats on the interval (or back to back when flooding) until <paramref name="deadline"/>, a stop, or a broken connection.</summary>
    private async Task<LoopEnd> HeartbeatUntilAsync(long deadline)
    {
        if (_run.Flood)
        {
            while (!_run.IsStopping)
            {
                if (DelayScheduler.Now >= deadline)
                {
                    return LoopEnd.Reached;
                }

                if (!await SendHeartbeatAsync(FloodBatch))
                {
                    return LoopEnd.Broken;
                }

                // A send into a socket with room completes synchronously: without this, a few
                // flooding clients would keep every thread-pool thread and starve the rest (connects,
                // receives, the scheduler's wake-ups).
                await Task.Yield();
            }

            return LoopEnd.Stopped;
        }

        var due = DelayScheduler.After(_lastHeartbeat, _run.NextGapSeconds());
        while (true)
        {
            if (!await SleepUntilAsync(Math.Min(due, deadline)))
            {
                return LoopEnd.Stopped;
            }

            if (_connection!.IsClosed)
            {
                return LoopEnd.Broken;
            }

            if (DelayScheduler.Now >= deadline)
            {
                return LoopEnd.Reached;
            }

            if (!await SendHeartbeatAsync())
            {
                return LoopEnd.Broken;
            }

            // From the previous due time, not from now: a slow tick does not stretch the cadence.
            due = Math.Max(DelayScheduler.After(due, _run.NextGapSeconds()), DelayScheduler.Now);
        }
    }

    /// <summary>False when the run stopped first.</summary>
    private ValueTask<bool> SleepUntilAsync(long due) => _run.Scheduler.WaitUntilAsync(_waiter, due);

    private ValueTask<bool> HelloAsync()
    {
        if (_run.Options.NoHello)
        {
            return ValueTask.FromResult(true);
        }

        _frame.ResetWrittenCount();
        ClientFrameWriter.WriteHello(_frame, _sessionId, token: null, _run.HelloIntervalSeconds);
        return _connection!.SendAsync(_frame.WrittenMemory);
    }

    private async ValueTask<bool> SendHeartbeatAsync(int count = 1)
    {
        _frame.ResetWrittenCount();
        for (var i = 0; i < count; i++)
        {
            WriteHeartbeat(_frame);
        }

        var sending = DelayScheduler.Now;
        if (!await _connection!.SendAsync(_frame.WrittenMemory))
        {
            return false;
        }

        Volatile.Write(ref _lastHeartbeat, sending);
        _run.Stats.AddHeartbeats(count);
        return true;
    }

    /// <summary>Appends one heartbeat frame to <paramref name="frame"/>.</summary>
    private void WriteHeartbeat(ArrayBufferWriter<byte> frame)
    {
        var fields = new HeartbeatFields(
            Ip: _connection!.LocalIp,
            Status: "alive",
            Pid: _run.ProcessId,
            Id: _run.Options.NoHello ? _sessionId : null,
            Seq: ++_seq,
            TimestampMs: null,
            Ack: false);
        ClientFrameWriter.WriteHeartbeat(frame, fields, _run.DoubleEncoded);
    }

    private async Task ByeAsync()
    {
        _frame.ResetWrittenCount();
        ClientFrameWriter.WriteBye(_frame, "loadgen-stop");
        _connection!.ExpectClose();
        if (await _connection.SendAsync(_frame.WrittenMemory))
        {
            await _connection.CloseGracefullyAsync(CloseWait);
        }
    }

    // On the connection's receive loop, concurrently with the client's own flow.
    private void OnServerMessage(ServerMessage message)
    {
        _run.Stats.Frame(message.Type, message.Type == "welcome" ? message.LeaveAfter : null, message.Type == "error" ? message.Code : null);
        if (message.Type == "close")
        {
            Volatile.Write(ref _closeReason, message.Reason);
        }
        else if (message.Type == "welcome" && Interlocked.Exchange(ref _reconnectStarted, 0) is var started and not 0)
        {
            _run.Stats.Resumed(DelayScheduler.Seconds(started, DelayScheduler.Now) * 1000);
        }

        if (message is not { Type: "state", Status: "leave" })
        {
            return;
        }

        if (Mode == ClientMode.Healthy && Interlocked.Exchange(ref _leaveSeen, 1) == 0)
        {
            _run.Stats.FalseLeave();
        }
        else if (Volatile.Read(ref _silenced) == 1 && Interlocked.Exchange(ref _leaveSeen, 1) == 0)
        {
            var delay = DelayScheduler.Seconds(Volatile.Read(ref _lastHeartbeat), DelayScheduler.Now);
            _run.Stats.LeaveDetected(delay * 1000);
        }
    }
}
