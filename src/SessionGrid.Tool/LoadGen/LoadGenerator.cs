using System.Net;
using System.Net.Sockets;
using SessionGrid.Tool.LoadGen.Summary;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// Runs a fleet of simulated clients against one gateway: resolves the target, ramps connections
/// up at <see cref="LoadGenOptions.Ramp"/> per second, runs for <see cref="LoadGenOptions.Duration"/>,
/// stops every client (healthy ones say bye) and returns the summary. The <c>loadgen</c> command
/// runs it; tests call it directly.
/// </summary>
internal sealed class LoadGenerator
{
    private readonly LoadGenOptions _options;
    private readonly ModePlan _plan;
    private LoadRun? _run;
    private long _started;

    /// <param name="options">Already checked by <see cref="LoadGenOptionsValidator"/>.</param>
    public LoadGenerator(LoadGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = LoadGenOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _plan = new ModePlan(options);
    }

    /// <summary>Live counters (empty until the target resolved).</summary>
    public LoadStats Stats => _run?.Stats ?? EmptyStats;

    public LoadPhase Phase { get; private set; } = LoadPhase.Resolving;

    /// <summary>Seconds since <see cref="RunAsync"/> began.</summary>
    public double ElapsedSeconds => _started == 0 ? 0 : DelayScheduler.Seconds(_started, DelayScheduler.Now);

    public ModePlan Plan => _plan;

    private static LoadStats EmptyStats { get; } = new();

    /// <summary>Runs until the duration has passed or <paramref name="cancellationToken"/> fires (Ctrl+C); either way returns the summary.</summary>
    public async Task<LoadSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        // The caller gets its task at once: with a fast ramp, the loop below may start thousands of
        // clients before it first has to wait.
        await Task.Yield();
        _started = DelayScheduler.Now;
        var sources = _options.SourceAddresses is { } spec && SourceAddressPool.TryParse(spec, out var pool, out _) ? pool : null;
        var (endpoints, failure) = await ResolveAsync(sources, cancellationToken);
        if (endpoints is null)
        {
            Phase = LoadPhase.Done;
            var failedStats = new LoadStats();
            for (var i = 0; i < _options.Clients; i++)
            {
                failedStats.ConnectionFailed(reconnect: false, failure.Kind, failure.Message);
            }

            return LoadSummaryBuilder.Build(_options, _plan, failedStats, new RunTimes(ElapsedSeconds, ElapsedSeconds, 0), failure.Message);
        }

        await using var scheduler = new DelayScheduler(_options.SchedulerTick);
        var run = _run = new LoadRun(_options, endpoints, sources, scheduler);
        var clients = new LoadClient[_options.Clients];
        var tasks = new Task[_options.Clients];
        Phase = LoadPhase.Ramping;
        var ramp = RampAsync(run, clients, tasks);

        var rampSeconds = await WaitAsync(run.RampDone, cancellationToken) ? ElapsedSeconds : double.NaN;
        if (!cancellationToken.IsCancellationRequested)
        {
            Phase = LoadPhase.Running;
            var duration = _options.Duration == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(_options.Duration);
            await WaitAsync(Task.Delay(duration, cancellationToken), cancellationToken);
        }

        Phase = LoadPhase.Stopping;
        var openAtEnd = run.Stats.ConnectionsOpen;
        run.Stop();
        await ramp;
        var launched = tasks.Where(t => t is not null).ToArray();
        var all = Task.WhenAll(launched);
        if (!await WaitAsync(all, CancellationToken.None, _options.ShutdownGrace))
        {
            foreach (var client in clients)
            {
                client?.Abort();
            }

            await all;
        }

        var elapsed = ElapsedSeconds;
        Phase = LoadPhase.Done;
        return LoadSummaryBuilder.Build(_options, _plan, run.Stats, new RunTimes(elapsed, double.IsNaN(rampSeconds) ? elapsed : rampSeconds, openAtEnd));
    }

    // Starts client i at start + i / ramp. Clients never started (a stop during the ramp) still
    // count down the ramp, so nothing waits for them.
    private async Task RampAsync(LoadRun run, LoadClient[] clients, Task[] tasks)
    {
        var waiter = new DelayWaiter();
        var start = DelayScheduler.Now;
        for (var i = 0; i < clients.Length; i++)
        {
            if (run.IsStopping || !await run.Scheduler.WaitUntilAsync(waiter, DelayScheduler.After(start, i / _options.Ramp)))
            {
                for (var rest = i; rest < clients.Length; rest++)
                {
                    run.InitialConnectFinished();
                }

                return;
            }

            clients[i] = new LoadClient(run, _options.FirstIndex + i, _plan[i]);
            tasks[i] = clients[i].RunAsync();
        }
    }

    private async Task<(IPEndPoint[]? Endpoints, (ErrorKind Kind, string Message) Failure)> ResolveAsync(SourceAddressPool? sources, CancellationToken cancellationToken)
    {
        if (!TargetAddress.TryParseList(_options.Target, out var targets, out var error))
        {
            return (null, (ErrorKind.Other, error));
        }

        var endpoints = new IPEndPoint[targets.Count];
        for (var i = 0; i < endpoints.Length; i++)
        {
            var (endpoint, failure) = await ResolveAsync(targets[i], sources, cancellationToken);
            if (endpoint is null)
            {
                return (null, failure);
            }

            endpoints[i] = endpoint;
        }

        return (endpoints, default);
    }

    private static async Task<(IPEndPoint? Endpoint, (ErrorKind Kind, string Message) Failure)> ResolveAsync(TargetAddress target, SourceAddressPool? sources, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(target.Host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(target.Host, cancellationToken);
            }
            catch (SocketException e)
            {
                return (null, (ErrorKind.Dns, $"cannot resolve '{target.Host}': {e.Message}"));
            }
            catch (OperationCanceledException)
            {
                return (null, (ErrorKind.Dns, $"resolving '{target.Host}' was cancelled"));
            }
        }

        // Prefer IPv4 (what loopback fleets use), unless the source addresses say otherwise.
        var family = sources?.Family ?? AddressFamily.InterNetwork;
        var address = addresses.FirstOrDefault(a => a.AddressFamily == family)
            ?? (sources is null ? addresses.FirstOrDefault() : null);
        if (address is null)
        {
            return (null, (ErrorKind.Dns, sources is null
                ? $"'{target.Host}' resolved to no address"
                : $"'{target.Host}' has no {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address to match --source-addresses"));
        }

        return (new IPEndPoint(address, target.Port), default);
    }

    // True when the task completed; false when the token fired or the timeout passed first.
    private static async Task<bool> WaitAsync(Task task, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}
