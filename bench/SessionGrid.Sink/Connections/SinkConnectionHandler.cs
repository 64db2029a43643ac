using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrid.Protocol;
using SessionGrid.Sink.Hosting;

namespace SessionGrid.Sink.Connections;

/// <summary>
/// Reads length-prefixed frames with the gateway's own <see cref="FrameCodec"/> and only counts them:
/// no JSON, no grains, no replies. What is left of the silo's cost per heartbeat above this handler's
/// is what SessionGrid adds to Kestrel.
/// </summary>
internal sealed partial class SinkConnectionHandler(SinkCounters counters, IOptions<SinkOptions> options, ILogger<SinkConnectionHandler> logger) : ConnectionHandler
{
    private readonly int _maxFrameLength = options.Value.MaxFrameLength;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        counters.ConnectionOpened();

        // Kestrel asks connections to close when the sink stops; without this it would wait its whole
        // shutdown timeout for clients that never close on their own.
        var stopping = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        try
        {
            var status = await CountFramesAsync(connection.Transport.Input, stopping);
            if (status is FrameReadStatus.InvalidLength or FrameReadStatus.TooLarge)
            {
                // Returning closes the socket, as the gateway does, before any body is buffered.
                counters.Violation();
                LogViolation(logger, connection.ConnectionId, connection.RemoteEndPoint?.ToString(), status);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException)
        {
            LogConnectionFailed(logger, connection.ConnectionId, ex.Message);
        }
        finally
        {
            counters.ConnectionClosed();
        }
    }

    /// <summary>Counts frames until the peer closes (<see cref="FrameReadStatus.Incomplete"/>) or sends a bad header.</summary>
    private async Task<FrameReadStatus> CountFramesAsync(PipeReader input, CancellationToken stopping)
    {
        while (true)
        {
            var result = await input.ReadAsync(stopping);
            var buffer = result.Buffer;
            var status = FrameReadStatus.Incomplete;
            long frames = 0;
            long bytes = 0;
            try
            {
                while ((status = FrameCodec.TryReadFrame(buffer, _maxFrameLength, out _, out var consumed, out var length)) == FrameReadStatus.Frame)
                {
                    frames++;
                    bytes += FrameCodec.HeaderLength + length;
                    buffer = buffer.Slice(consumed);
                }

                counters.Add(frames, bytes);
                if (status != FrameReadStatus.Incomplete)
                {
                    return status;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    if (!buffer.IsEmpty)
                    {
                        counters.TruncatedFrame();
                    }

                    return FrameReadStatus.Incomplete;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Connection {ConnectionId} from {Remote} closed: bad frame header ({Status})")]
    private static partial void LogViolation(ILogger logger, string connectionId, string? remote, FrameReadStatus status);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "Connection {ConnectionId} failed: {Message}")]
    private static partial void LogConnectionFailed(ILogger logger, string connectionId, string message);
}
