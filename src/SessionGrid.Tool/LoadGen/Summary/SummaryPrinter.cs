using System.Globalization;
using Spectre.Console;

namespace SessionGrid.Tool.LoadGen.Summary;

/// <summary>The human form of a <see cref="LoadSummary"/>: one table, then any advice.</summary>
internal static class SummaryPrinter
{
    public static void Print(IAnsiConsole console, LoadSummary s)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("sessiongrid loadgen").AddColumn(Markup.Escape(s.Target));
        Row(table, "clients", $"{s.Clients} ({Join(s.Modes.Where(m => m.Value > 0))})");
        Row(table, "time", Invariant($"{s.ElapsedSeconds:0.0} s elapsed, ramp-up {s.RampSeconds:0.0} s"));
        Row(table, "connections", $"up {s.Connections.Up}, failed {s.Connections.Failed}, open at end {s.Connections.OpenAtEnd}, reconnects {s.Reconnects}");
        Row(table, "heartbeats sent", Invariant($"{s.HeartbeatsSent} ({s.HeartbeatsPerSecond:0.0}/s)"));
        Row(table, "server frames", Join(s.ServerFrames));
        Row(table, "server errors", s.ServerErrorCodes.Count == 0 ? "none" : Join(s.ServerErrorCodes));
        Row(table, "errors", s.Errors.Values.Sum() == 0 ? "none" : Join(s.Errors.Where(e => e.Value > 0)));
        var d = s.Detection;
        Row(table, "leave detection", d.Silenced == 0
            ? "no silent clients"
            : $"{d.Detected} of {d.Silenced} silent clients; p50 {Ms(d.P50Ms)}, p99 {Ms(d.P99Ms)}, max {Ms(d.MaxMs)} (policy {Ms(d.PolicyLeaveAfterMs)})");
        var r = s.Resume;
        Row(table, "resume", r.Resumed == 0
            ? "no reconnects"
            : $"{r.Resumed} reconnects welcomed; connect to welcome p50 {Ms(r.P50Ms)}, p99 {Ms(r.P99Ms)}, max {Ms(r.MaxMs)}");
        Row(table, "false leaves", s.FalseLeaves.ToString(CultureInfo.InvariantCulture));
        console.Write(table);

        foreach (var note in s.Notes)
        {
            console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
        }
    }

    private static void Row(Table table, string name, string value) => table.AddRow(name, Markup.Escape(value));

    private static string Join<T>(IEnumerable<KeyValuePair<string, T>> pairs) => string.Join(", ", pairs.Select(p => $"{p.Key} {p.Value}"));

    private static string Ms(long? milliseconds) => milliseconds is { } ms ? $"{ms} ms" : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
