namespace SessionGrid.Benchmarks.Memory;

/// <summary>
/// <c>memory</c>: activates a fleet of session grains in this process through the real grain call
/// path and reports memory per idle session (or, with <c>--breakdown</c>, where the bytes go).
/// </summary>
internal static class MemoryCommand
{
    public const string Name = "memory";

    public const string Usage = """
        usage: memory [--sessions N] [--storage discard|memory] [--warmup N] [--concurrency N] [--running S] [--breakdown] [--json PATH]
          --sessions N       sessions measured (default 1000000; with --breakdown at most 200000)
          --storage S        discard: a session store that keeps nothing (the grain alone, as with PostgreSQL);
                             memory: the embedded in-memory session store, which holds a second copy of each state
                             (default discard)
          --warmup N         sessions activated before the baseline sample (default 10000)
          --concurrency N    activations in flight (default 1000)
          --running S        then let the silo run S seconds on its own and read RSS again, without a forced trim
                             (whole seconds, 0 to 3600; default 0: off)
          --breakdown        bytes per session by type from a walk of the object graph, instead of process figures
          --json PATH        also write the result as JSON ("-" = stdout)
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Count == 1 && args[0] is "--help" or "-h")
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        if (!MemoryOptionsParser.TryParse(args, out var options, out var problem))
        {
            await error.WriteLineAsync($"memory: {problem}");
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var command = "dotnet run -c Release --project bench/SessionGrid.Benchmarks -- memory " + string.Join(' ', args);
        var json = options.JsonPath == "-";
        var text = json ? TextWriter.Null : output;
        string result;
        if (options.Breakdown)
        {
            var breakdown = await MemoryMeasurement.BreakdownAsync(options, command, text, cancellationToken);
            await text.WriteAsync(MemoryReportWriter.Markdown(breakdown));
            result = MemoryReportWriter.Json(breakdown);
        }
        else
        {
            var scale = await MemoryMeasurement.ScaleAsync(options, command, text, cancellationToken);
            await text.WriteAsync(MemoryReportWriter.Markdown(scale));
            result = MemoryReportWriter.Json(scale);
        }

        if (json)
        {
            await output.WriteLineAsync(result);
        }
        else if (options.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, result + Environment.NewLine, cancellationToken);
        }

        return 0;
    }
}
