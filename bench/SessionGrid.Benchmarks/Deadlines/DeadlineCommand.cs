using System.Diagnostics;
using System.Globalization;
using System.Text;
using SessionGrid.Benchmarks.Memory;

namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>
/// <c>deadlines</c>: the deadline wheel vs Orleans grain timers at a given session count, each mechanism
/// in a silo of its own: memory per session (with its deadline armed), CPU per heartbeat when every
/// heartbeat pushes the deadline later, and the CPU a quiet second costs (no calls, nothing due).
/// </summary>
internal static class DeadlineCommand
{
    public const string Name = "deadlines";

    public const string Usage = """
        usage: deadlines [--sessions N] [--mechanism none|wheel|timer|all] [--rounds N] [--in-flight N] [--quiet S] [--miss-after S]
          --sessions N     live sessions per mechanism (default 10000; the issue's figure is 1000000)
          --mechanism M    none (the call alone), wheel (SessionGrid's deadline wheel), timer (a grain timer
                           per activation), or all, one after the other (default all)
          --rounds N       heartbeat rounds measured, one heartbeat per session each, after one unmeasured (default 3)
          --in-flight N    heartbeats in flight (default 64)
          --quiet S        quiet window in whole seconds, at least 5 s shorter than --miss-after (default 10)
          --miss-after S   how far each heartbeat pushes the miss deadline, 30 to 3600 s (default 30); longer than
                           activating the fleet takes (about 45 s per million sessions here), or deadlines fire mid-run
        RSS figures are exact for the first mechanism of a process only: pass one --mechanism per run for them.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Count == 1 && args[0] is "--help" or "-h")
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        if (!TryParse(args, out var options, out var problem))
        {
            await error.WriteLineAsync($"deadlines: {problem}");
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var results = new List<DeadlineResult>();
        foreach (var mechanism in options.Mechanisms)
        {
            await output.WriteLineAsync($"{mechanism}: {options.Sessions:N0} sessions...");
            results.Add(await MeasureAsync(mechanism, options, cancellationToken));
        }

        await output.WriteAsync(Markdown(results, options, "dotnet run -c Release --project bench/SessionGrid.Benchmarks -- deadlines " + string.Join(' ', args)));
        return 0;
    }

    private static async Task<DeadlineResult> MeasureAsync(DeadlineMechanism mechanism, DeadlineOptions options, CancellationToken cancellationToken)
    {
        await using var fleet = await DeadlineFleet.StartAsync(mechanism, options.Sessions, TimeSpan.FromSeconds(options.MissAfterSeconds));

        // JIT and pools warm on a few sessions of their own would count as theirs: warm on the fleet's
        // first heartbeats instead, then sample. The baseline has the references (the gateway's side) in it.
        var before = MemorySample.Take();
        var watch = Stopwatch.StartNew();
        await fleet.ActivateAsync(1_000, cancellationToken);
        var activate = watch.Elapsed;
        var after = MemorySample.Take();

        // One round unmeasured: tiered JIT recompiles the hot path in the background for a while after
        // the first calls, and that CPU is not the heartbeats'.
        await fleet.HeartbeatsAsync(options.Sessions, options.InFlight, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);

        var heartbeats = (long)options.Sessions * options.Rounds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        for (var round = 0; round < options.Rounds; round++)
        {
            await fleet.HeartbeatsAsync(options.Sessions, options.InFlight, cancellationToken);
        }

        var heartbeatWall = watch.Elapsed;
        var heartbeatCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        // The quiet window starts after a full collection so that the heartbeats' garbage is not its cost.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        await Task.Delay(TimeSpan.FromSeconds(options.QuietSeconds), cancellationToken);
        var quietWall = watch.Elapsed;
        var quietCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var misses = await fleet.CountMissesAsync();
        return new DeadlineResult(mechanism, options.Sessions, activate.TotalSeconds, before, after, heartbeats, heartbeatCpu, heartbeatWall, quietCpu, quietWall, misses);
    }

    internal static string Markdown(IReadOnlyList<DeadlineResult> results, DeadlineOptions options, string command)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## Deadline wheel vs grain timers: {options.Sessions:N0} sessions\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- date {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {MachineInfo.Describe()}\n");
        text.Append(CultureInfo.InvariantCulture, $"- command: `{command}`\n");
        text.Append(CultureInfo.InvariantCulture, $"- every heartbeat pushes its session's miss deadline {options.MissAfterSeconds} s later; {options.Rounds} rounds, {options.InFlight} in flight; quiet window {options.QuietSeconds} s\n\n");
        text.Append("| mechanism | managed B/session | RSS B/session | CPU us/heartbeat | heartbeats/s | CPU ms per quiet second | activated in | misses |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in results)
        {
            var rss = r.RssBytesPerSession is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "";
            text.Append(CultureInfo.InvariantCulture,
                $"| {r.Mechanism} | {r.ManagedBytesPerSession:N0} | {rss} | {r.CpuMicrosecondsPerHeartbeat:0.00} | {r.HeartbeatsPerSecond:N0} | {r.QuietCpuMillisecondsPerSecond:0.0} | {r.ActivateSeconds:0.0} s | {r.Misses:N0} |\n");
        }

        return text.ToString();
    }

    internal static bool TryParse(IReadOnlyList<string> args, out DeadlineOptions options, out string? error)
    {
        options = new DeadlineOptions();
        error = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            if (name is not ("--sessions" or "--mechanism" or "--rounds" or "--in-flight" or "--quiet" or "--miss-after"))
            {
                error = $"unknown option '{name}'.";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return false;
            }

            var value = args[i + 1];
            if (name == "--mechanism")
            {
                IReadOnlyList<DeadlineMechanism>? mechanisms = value switch
                {
                    "none" => [DeadlineMechanism.None],
                    "wheel" => [DeadlineMechanism.Wheel],
                    "timer" => [DeadlineMechanism.GrainTimer],
                    "all" => [DeadlineMechanism.None, DeadlineMechanism.Wheel, DeadlineMechanism.GrainTimer],
                    _ => null,
                };
                if (mechanisms is null)
                {
                    error = $"--mechanism must be none, wheel, timer or all (was '{value}').";
                    return false;
                }

                options.Mechanisms = mechanisms;
                continue;
            }

            var (min, max) = name switch
            {
                "--quiet" => (1, 3595),
                "--miss-after" => (30, 3600),
                _ => (1, 50_000_000),
            };
            if (!int.TryParse(value, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                error = $"{name} takes a whole number from {min} to {max:N0} (was '{value}').";
                return false;
            }

            switch (name)
            {
                case "--sessions": options.Sessions = number; break;
                case "--rounds": options.Rounds = number; break;
                case "--in-flight": options.InFlight = number; break;
                case "--miss-after": options.MissAfterSeconds = number; break;
                default: options.QuietSeconds = number; break;
            }
        }

        if (options.QuietSeconds > options.MissAfterSeconds - 5)
        {
            error = $"--quiet must be at least 5 s shorter than --miss-after ({options.MissAfterSeconds} s), so no deadline comes due in it (was {options.QuietSeconds}).";
            return false;
        }

        return true;
    }
}
