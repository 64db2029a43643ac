using Microsoft.Extensions.Hosting;
using SessionGrid.Gateway.Connections;

namespace SessionGrid.Api.Stats;

/// <summary>
/// Heartbeats per second through this silo's gateway over about the last minute: samples the gateway's
/// counter every second (the first at start), and divides what arrived since the oldest sample in the
/// window by the time since then.
/// </summary>
public sealed class HeartbeatRate(GatewayMetrics gateway, TimeProvider time) : BackgroundService
{
    /// <summary>The window the rate is averaged over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly Queue<(long Timestamp, long Heartbeats)> _samples = new();

    /// <summary>Heartbeats per second; 0 until a second sample exists or time has passed.</summary>
    public double PerSecond
    {
        get
        {
            var now = time.GetTimestamp();
            var count = gateway.Heartbeats;
            lock (_gate)
            {
                if (!_samples.TryPeek(out var oldest))
                {
                    return 0;
                }

                var seconds = time.GetElapsedTime(oldest.Timestamp, now).TotalSeconds;
                return seconds <= 0 ? 0 : (count - oldest.Heartbeats) / seconds;
            }
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Sample();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            _samples.Enqueue((now, gateway.Heartbeats));

            // Keep one sample at least a window old, so the rate always spans the whole window once it can.
            while (_samples.Count > 2 && time.GetElapsedTime(_samples.ElementAt(1).Timestamp, now) >= Window)
            {
                _samples.Dequeue();
            }
        }
    }
}
