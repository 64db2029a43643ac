using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionGrid.Sink.Hosting;

/// <summary>Says, once Kestrel has bound, where the sink counts frames and serves its counters.</summary>
internal sealed partial class SinkStartupLog(IHostApplicationLifetime lifetime, SinkEndpoints endpoints, ILogger<SinkStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => LogStarted(logger, endpoints.Frames.ToString(), endpoints.Http.ToString(), Environment.ProcessId));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "SessionGrid sink started: frames on tcp://{Frames}, counters on http://{Http}/stats, pid {Pid}")]
    private static partial void LogStarted(ILogger logger, string frames, string http, int pid);
}
