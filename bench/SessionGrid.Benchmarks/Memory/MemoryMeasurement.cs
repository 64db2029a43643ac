namespace SessionGrid.Benchmarks.Memory;

/// <summary>The two measurements of the <c>memory</c> command, each in a silo of its own.</summary>
internal static class MemoryMeasurement
{
    /// <summary>Process figures (managed heap, GC heap, RSS) before and after activating the measured sessions.</summary>
    public static async Task<MemoryResult> ScaleAsync(MemoryOptions options, string command, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var fleet = await SessionFleet.StartAsync(options.Store, options.Warmup + options.Sessions);
        await WarmUpAsync(fleet, options, progress, cancellationToken);

        var measured = fleet.PrepareConnections(options.Warmup, options.Sessions);
        var before = MemorySample.Take();
        await progress.WriteLineAsync($"activating {options.Sessions:N0} sessions ({options.Concurrency:N0} in flight)...");
        var elapsed = await fleet.ActivateAsync(measured, options.Concurrency, cancellationToken);
        await progress.WriteLineAsync($"activated in {elapsed.TotalSeconds:0.0} s; waiting for the write-behind...");
        await fleet.SettleAsync(cancellationToken, progress);
        var running = await RunningRssAsync(options, progress, cancellationToken);
        var after = MemorySample.Take();
        var activations = await fleet.CountActivationsAsync();

        // The gateway's side was made before the baseline; it must outlive the last sample.
        GC.KeepAlive(measured);
        return new MemoryResult(
            MemoryRun.Create(options, command),
            activations,
            elapsed.TotalSeconds,
            before,
            after,
            running,
            fleet.Storage.RowsWritten,
            fleet.Storage.ShedWrites);
    }

    /// <summary>
    /// RSS after <see cref="MemoryOptions.Running"/> of the silo running on its own, following one ordinary compacting
    /// collection (as the baseline sample had): the GC hands back spare regions a little at each collection it makes.
    /// </summary>
    private static async Task<long?> RunningRssAsync(MemoryOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        if (options.Running <= TimeSpan.Zero)
        {
            return null;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        await progress.WriteLineAsync($"letting the silo run {options.Running.TotalSeconds:0} s before reading RSS...");
        await Task.Delay(options.Running, cancellationToken);
        return MemorySample.ReadRss();
    }

    /// <summary>Bytes per session by type: object-graph walks before and after activating the measured sessions, subtracted.</summary>
    public static async Task<BreakdownResult> BreakdownAsync(MemoryOptions options, string command, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var fleet = await SessionFleet.StartAsync(options.Store, options.Warmup + options.Sessions);
        await WarmUpAsync(fleet, options, progress, cancellationToken);

        // The connections are a root of both walks, so the gateway's side never shows up in the difference.
        var measured = fleet.PrepareConnections(options.Warmup, options.Sessions);
        var before = MemorySample.Take();
        var walkBefore = ObjectGraphWalker.Walk(fleet.Services, measured);
        await progress.WriteLineAsync($"activating {options.Sessions:N0} sessions, then walking the object graph...");
        await fleet.ActivateAsync(measured, options.Concurrency, cancellationToken);
        await fleet.SettleAsync(cancellationToken, progress);
        var after = MemorySample.Take();
        var walkAfter = ObjectGraphWalker.Walk(fleet.Services, measured);

        var rows = new List<BreakdownRow>();
        double walked = 0;
        foreach (var (type, tally) in walkAfter)
        {
            var previous = walkBefore.TryGetValue(type, out var found) ? found : default;
            var bytes = (double)(tally.Bytes - previous.Bytes) / options.Sessions;
            walked += bytes;
            rows.Add(new BreakdownRow(TypeNames.Friendly(type), (double)(tally.Count - previous.Count) / options.Sessions, bytes));
        }

        rows.Sort(static (a, b) => b.BytesPerSession.CompareTo(a.BytesPerSession));
        return new BreakdownResult(
            MemoryRun.Create(options, command),
            rows,
            walked,
            (double)(after.ManagedBytes - before.ManagedBytes) / options.Sessions);
    }

    private static async Task WarmUpAsync(SessionFleet fleet, MemoryOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        if (options.Warmup > 0)
        {
            await progress.WriteLineAsync($"warming up with {options.Warmup:N0} sessions...");
            await fleet.ActivateAsync(fleet.PrepareConnections(0, options.Warmup), options.Concurrency, cancellationToken);
        }

        await fleet.SettleAsync(cancellationToken, progress);
    }
}
