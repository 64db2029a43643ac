using System.Text.Json;

namespace SessionGrid.Tool.LoadGen.Summary;

/// <summary>Turns a run's counters into its <see cref="LoadSummary"/>.</summary>
internal static class LoadSummaryBuilder
{
    public static LoadSummary Build(LoadGenOptions options, ModePlan plan, LoadStats stats, RunTimes times, string? failure = null)
    {
        var elapsed = Math.Max(times.ElapsedSeconds, 1e-9);
        var detections = stats.DetectionsMs.Order().ToArray();
        var resumes = stats.ResumesMs.Order().ToArray();
        return new LoadSummary
        {
            Target = options.Target,
            Clients = options.Clients,
            Modes = ClientModes.All.ToDictionary(ClientModes.Name, plan.Count),
            ElapsedSeconds = Math.Round(times.ElapsedSeconds, 3),
            RampSeconds = Math.Round(times.RampSeconds, 3),
            Connections = new ConnectionCounts(stats.ConnectionsUp, stats.ConnectionsFailed, times.OpenAtEnd),
            HeartbeatsSent = stats.HeartbeatsSent,
            HeartbeatsPerSecond = Math.Round(stats.HeartbeatsSent / elapsed, 1),
            ServerFrames = Enumerable.Range(0, LoadStats.FrameTypes.Length).ToDictionary(i => LoadStats.FrameTypes[i], stats.Frames),
            Reconnects = stats.Reconnects,
            Errors = ErrorKinds.All.ToDictionary(ErrorKinds.Key, stats.Errors),
            Detection = new DetectionSummary(
                stats.Silenced,
                detections.Length,
                Percentile(detections, 0.50),
                Percentile(detections, 0.99),
                detections.Length == 0 ? null : (long)Math.Round(detections[^1]),
                stats.LeaveAfterSeconds * 1000L),
            Resume = new ResumeSummary(
                resumes.Length,
                Percentile(resumes, 0.50),
                Percentile(resumes, 0.99),
                resumes.Length == 0 ? null : (long)Math.Round(resumes[^1])),
            FalseLeaves = stats.FalseLeaves,
            ServerErrorCodes = stats.ServerErrorCodes.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
            Failure = failure,
            Notes = [.. stats.FirstErrors.Keys.Order().Select(kind => ErrorKinds.Advice(kind)).OfType<string>()],
        };
    }

    public static string ToJson(LoadSummary summary) => JsonSerializer.Serialize(summary, SummaryJsonContext.Default.LoadSummary);

    // Nearest rank: a value that was observed, never an interpolation between two.
    private static long? Percentile(double[] sorted, double quantile)
    {
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return (long)Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }
}
