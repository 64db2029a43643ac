using Orleans.Concurrency;
using Microsoft.Extensions.Logging;

namespace SessionGrid.Grains.Cluster;

/// <summary>
/// Reports this silo's gateway counters to whoever asks, and samples the heartbeat count once per
/// <see cref="SamplePeriod"/> for a rate. A grain service because Orleans addresses one per silo by
/// <see cref="SiloAddress"/>, over the same connections as grain calls.
/// </summary>
[Reentrant]
internal sealed class SiloLoadService : GrainService, ISiloLoadService
{
    internal static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(1);

    private readonly ISiloLoadSource _source;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private double _rate;

    public SiloLoadService(GrainId id, Silo silo, ILoggerFactory loggerFactory, ISiloLoadSource source)
        : base(id, silo, loggerFactory)
    {
        _source = source;
        _time = TimeProvider.System;
    }

    public Task<SiloLoad> GetLoadAsync()
        => Task.FromResult(new SiloLoad(_source.ConnectionsOpen, _source.Heartbeats, Volatile.Read(ref _rate)));

    public override Task Start()
    {
        _ = SampleAsync(_stopping.Token);
        return base.Start();
    }

    public override Task Stop()
    {
        _stopping.Cancel();
        return base.Stop();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SamplePeriod, _time);
        var lastCount = _source.Heartbeats;
        var lastTime = _time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var count = _source.Heartbeats;
                var now = _time.GetTimestamp();
                var seconds = _time.GetElapsedTime(lastTime, now).TotalSeconds;
                Volatile.Write(ref _rate, seconds > 0 ? (count - lastCount) / seconds : 0);
                lastCount = count;
                lastTime = now;
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
