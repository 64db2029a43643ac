using System.Net;

namespace SessionGrid.Tool.LoadGen;

/// <summary>What every client of one run shares: settings resolved once, the counters, the scheduler and the stop signal.</summary>
internal sealed class LoadRun
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _rampDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pendingInitialConnects;

    public LoadRun(LoadGenOptions options, IReadOnlyList<IPEndPoint> targets, SourceAddressPool? sources, DelayScheduler scheduler)
    {
        ArgumentOutOfRangeException.ThrowIfZero(targets.Count);
        Options = options;
        Targets = targets;
        Sources = sources;
        Scheduler = scheduler;
        IdPrefix = options.EffectiveIdPrefix;
        DoubleEncoded = options.Encoding == HeartbeatEncoding.Double;
        Flood = options.Interval == 0;

        // Hello intervals are whole seconds: round up, so the server never expects us sooner than we send.
        HelloIntervalSeconds = Flood ? null : (int)Math.Clamp(Math.Ceiling(options.Interval), 1, int.MaxValue);
        _pendingInitialConnects = options.Clients;
    }

    public LoadGenOptions Options { get; }

    /// <summary>The gateways, resolved once.</summary>
    public IReadOnlyList<IPEndPoint> Targets { get; }

    public SourceAddressPool? Sources { get; }

    public DelayScheduler Scheduler { get; }

    public LoadStats Stats { get; } = new();

    /// <summary>Sockets the run may still open without starving the runtime of descriptors.</summary>
    public DescriptorBudget Descriptors { get; } = DescriptorBudget.ForThisProcess();

    public string IdPrefix { get; }

    public bool DoubleEncoded { get; }

    public bool Flood { get; }

    public int? HelloIntervalSeconds { get; }

    public long ProcessId { get; } = Environment.ProcessId;

    public bool IsStopping => _stopping.IsCancellationRequested;

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Completes when the run stops.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Completes when every client's first connect has finished, up or failed.</summary>
    public Task RampDone => _rampDone.Task;

    /// <summary>One client's first connect finished (or will never start).</summary>
    public void InitialConnectFinished()
    {
        if (Interlocked.Decrement(ref _pendingInitialConnects) == 0)
        {
            _rampDone.TrySetResult();
        }
    }

    /// <summary>
    /// Where client <paramref name="index"/> makes its <paramref name="attempt"/>-th connect (0 = first):
    /// clients spread round robin, and each reconnect moves on to the next gateway, as a client behind a
    /// load balancer may land on any silo, and one whose silo died finds a live one.
    /// </summary>
    public IPEndPoint TargetFor(long index, long attempt) => Targets[(int)((index + attempt) % Targets.Count)];

    /// <summary>The next gap between heartbeats: the interval, +- jitter, uniformly.</summary>
    public double NextGapSeconds() =>
        Options.Interval * (1 + (Options.Jitter * ((2 * Random.Shared.NextDouble()) - 1)));

    public void Stop()
    {
        _stopping.Cancel();
        Scheduler.Stop();
        _stopped.TrySetResult();
    }
}
