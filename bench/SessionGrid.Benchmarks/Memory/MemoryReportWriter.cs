using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>Markdown for people (and docs/benchmarks.md), JSON for scripts.</summary>
internal static class MemoryReportWriter
{
    /// <summary>Rows of a breakdown below this many bytes per session are summed into one line.</summary>
    private const double SmallRowBytes = 2;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Json(MemoryResult result) => JsonSerializer.Serialize(result, s_json);

    public static string Json(BreakdownResult result) => JsonSerializer.Serialize(result, s_json);

    public static string Markdown(MemoryResult r)
    {
        var text = Header($"Memory per idle session: {r.Run.Sessions:N0} sessions", r.Run);
        Line(text, $"- activations: {r.Activations:N0} ({r.Run.Warmup:N0} warm-up + {r.Run.Sessions:N0} measured), each attached, live, one heartbeat, miss deadline on the wheel");
        Line(text, $"- activated in {r.ActivateSeconds:0.0} s ({r.SessionsPerSecond:N0} sessions/s); the sessions provider wrote {r.RowsWritten:N0} rows, shed {r.ShedWrites:N0}");
        Line(text);
        Line(text, "| figure | before | after | per session |");
        Line(text, "|---|---:|---:|---:|");
        Row(text, "managed heap, `GC.GetTotalMemory(true)`", r.Before.ManagedBytes, r.After.ManagedBytes, r.ManagedBytesPerSession);
        Row(text, "GC heap size, `GCMemoryInfo.HeapSizeBytes`", r.Before.HeapSizeBytes, r.After.HeapSizeBytes, r.HeapBytesPerSession);
        Row(text, "GC fragmented bytes", r.Before.FragmentedBytes, r.After.FragmentedBytes, null);
        Row(text, "GC committed bytes", r.Before.CommittedBytes, r.After.CommittedBytes, null);
        if (r.Before.RssBytes is { } rssBefore && r.After.RssBytes is { } rssAfter)
        {
            Row(text, "process RSS, `VmRSS`", rssBefore, rssAfter, r.RssBytesPerSession);
        }

        if (r.Before.TrimmedRssBytes is { } trimmedBefore && r.After.TrimmedRssBytes is { } trimmedAfter)
        {
            Row(text, "process RSS after an aggressive collection (free GC memory handed back)", trimmedBefore, trimmedAfter, r.TrimmedRssBytesPerSession);
        }

        if (r.Before.RssBytes is { } baseline && r.RunningRssBytes is { } running)
        {
            Row(text, $"process RSS after the silo ran {r.Run.RunningSeconds:0} s on its own (no forced trim)", baseline, running, r.RunningRssBytesPerSession);
        }

        Line(text);
        var rss = r.RssBytesPerSession is { } perRss ? $", RSS {perRss:N0} B ({Verdict(perRss)})" : "";
        Line(text, $"Goal <= {MemoryResult.GoalBytesPerSession:N0} B per idle session: managed {r.ManagedBytesPerSession:N0} B ({Verdict(r.ManagedBytesPerSession)}){rss}.");
        return text.ToString();
    }

    public static string Markdown(BreakdownResult r)
    {
        var text = Header($"Bytes per session by type: {r.Run.Sessions:N0} sessions added to {r.Run.Warmup:N0}", r.Run);
        Line(text, "- every object reachable from the silo's services, sized by the runtime, walked before and after; the difference / sessions");
        Line(text);
        Line(text, "| type | objects per session | bytes per session |");
        Line(text, "|---|---:|---:|");
        double rest = 0;
        foreach (var row in r.Rows)
        {
            if (Math.Abs(row.BytesPerSession) < SmallRowBytes)
            {
                rest += row.BytesPerSession;
                continue;
            }

            Line(text, $"| `{row.Type}` | {row.ObjectsPerSession:0.##} | {row.BytesPerSession:N1} |");
        }

        Line(text, $"| (types under {SmallRowBytes:0} B each) | | {rest:N1} |");
        Line(text, $"| **total walked** | | **{r.WalkedBytesPerSession:N1}** |");
        Line(text, $"| managed heap delta, `GC.GetTotalMemory(true)` | | {r.ManagedBytesPerSession:N1} |");
        return text.ToString();
    }

    private static StringBuilder Header(string title, MemoryRun run)
    {
        var text = new StringBuilder();
        Line(text, $"## {title}, storage: {Describe(run.Storage)}");
        Line(text);
        Line(text, $"- date {run.Date:yyyy-MM-dd HH:mm} UTC; {run.Machine}");
        Line(text, $"- command: `{run.Command}`");
        return text;
    }

    private static string Describe(string storage) => storage == "discard"
        ? "discard (grain only; a PostgreSQL silo keeps rows in the database)"
        : "in-memory (embedded default; the store's copy of each state included)";

    private static string Verdict(double bytes) => bytes <= MemoryResult.GoalBytesPerSession ? "within the goal" : "over the goal";

    private static void Row(StringBuilder text, string figure, long before, long after, double? perSession)
        => Line(text, $"| {figure} | {Size(before)} | {Size(after)} | {(perSession is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) + " B" : "")} |");

    private static string Size(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("0.00 GiB", CultureInfo.InvariantCulture)
        : (bytes / (double)(1L << 20)).ToString("0.0 MiB", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
