using System.Buffers.Binary;
using SessionGrid.Protocol;

namespace SessionGrid.Tool.LoadGen;

internal sealed partial class LoadClient
{
    // Pause between a flapping client's disconnect and its reconnect.
    private static readonly TimeSpan FlapPause = TimeSpan.FromMilliseconds(200);

    // Starts like text, so the server's UTF-8 check passes and its JSON parse fails.
    private static readonly byte[] GarbageBody = "garbage from sessiongrid loadgen: this is not JSON"u8.ToArray();

    private Task MisbehaveAsync() => Mode switch
    {
        ClientMode.Silent => SilentAsync(),
        ClientMode.Garbage => SendThenWaitAsync(w => FrameCodec.WriteFrame(w, GarbageBody)),
        ClientMode.Oversized => SendThenWaitAsync(WriteOversizedHeader),
        ClientMode.Reset => ResetAsync(),
        ClientMode.Slowloris => SlowlorisAsync(),
        ClientMode.Flapping => FlapAsync(),
        _ => Task.CompletedTask,
    };

    // Larger than any MaxFrameLength a server can be configured with.
    private static void WriteOversizedHeader(System.Buffers.IBufferWriter<byte> writer)
    {
        BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(FrameCodec.HeaderLength), int.MaxValue);
        writer.Advance(FrameCodec.HeaderLength);
    }

    private async Task SilentAsync()
    {
        Volatile.Write(ref _silenced, 1);
        _run.Stats.WentSilent();
        await Task.WhenAny(_connection!.Closed, _run.Stopped);
    }

    private async Task SendThenWaitAsync(Action<System.Buffers.IBufferWriter<byte>> write)
    {
        _frame.ResetWrittenCount();
        write(_frame);
        if (await _connection!.SendAsync(_frame.WrittenMemory))
        {
            // The server answers with an error frame and closes; the receive loop counts both.
            await Task.WhenAny(_connection.Closed, _run.Stopped);
        }
    }

    private Task ResetAsync()
    {
        _connection!.Abort(reset: true);
        return Task.CompletedTask;
    }

    /// <summary>A heartbeat frame, header first, then one byte per interval; again when one completes.</summary>
    private async Task SlowlorisAsync()
    {
        while (true)
        {
            _frame.ResetWrittenCount();
            WriteHeartbeat(_frame);
            var frame = _frame.WrittenMemory;
            if (!await _connection!.SendAsync(frame[..FrameCodec.HeaderLength]))
            {
                return;
            }

            for (var next = FrameCodec.HeaderLength; next < frame.Length; next++)
            {
                var due = DelayScheduler.After(DelayScheduler.Now, _run.Options.SlowlorisByteInterval.TotalSeconds);
                if (!await SleepUntilAsync(due) || _connection.IsClosed || !await _connection.SendAsync(frame.Slice(next, 1)))
                {
                    return;
                }
            }

            // A server without a frame timeout took the whole frame: it was a heartbeat after all.
            Volatile.Write(ref _lastHeartbeat, DelayScheduler.Now);
            _run.Stats.AddHeartbeats(1);
        }
    }

    /// <summary>Disconnects (FIN, no bye), reconnects with the same session id, heartbeats a while, and again.</summary>
    private async Task FlapAsync()
    {
        while (true)
        {
            await _connection!.CloseGracefullyAsync(CloseWait);
            if (!await SleepUntilAsync(DelayScheduler.After(DelayScheduler.Now, FlapPause.TotalSeconds)))
            {
                return;
            }

            _connection = await ConnectAsync(reconnect: true);
            if (_connection is null || !await HelloAsync() || !await SendHeartbeatAsync())
            {
                return;
            }

            var end = await HeartbeatUntilAsync(DelayScheduler.After(_lastHeartbeat, _run.Options.MisbehaveAfter));
            if (end != LoopEnd.Reached)
            {
                return;
            }
        }
    }
}
