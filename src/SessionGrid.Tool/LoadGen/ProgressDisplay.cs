using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// Live progress while a run goes: a Spectre table redrawn twice a second on a terminal, or one
/// plain line every few seconds when the output is a file or a pipe (CI logs).
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan LiveRefresh = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LogRefresh = TimeSpan.FromSeconds(5);

    public static async Task ShowAsync(IAnsiConsole console, TextWriter log, LoadGenerator generator, Task running)
    {
        var rate = new RateMeter();
        if (!console.Profile.Capabilities.Interactive)
        {
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(LogRefresh));
                // Straight to the writer: Spectre would wrap a log line at its assumed 80 columns.
                await log.WriteLineAsync(Line(generator, rate.Sample(generator)));
            }

            return;
        }

        await console.Live(Render(generator, 0)).AutoClear(true).StartAsync(async context =>
        {
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(LiveRefresh));
                context.UpdateTarget(Render(generator, rate.Sample(generator)));
            }
        });
    }

    private static string Line(LoadGenerator generator, double rate)
    {
        var stats = generator.Stats;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{generator.ElapsedSeconds,7:0.0}s] {generator.Phase.ToString().ToLowerInvariant()}: up {stats.ConnectionsUp}, failed {stats.ConnectionsFailed}, "
            + $"open {stats.ConnectionsOpen}, heartbeats {stats.HeartbeatsSent} ({rate:0}/s), reconnects {stats.Reconnects}, "
            + $"leaves detected {stats.Detected}/{stats.Silenced}, false leaves {stats.FalseLeaves}, errors {ErrorKinds.All.Sum(stats.Errors)}");
    }

    private static IRenderable Render(LoadGenerator generator, double rate)
    {
        var stats = generator.Stats;
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("what").AddColumn("value");
        table.Title = new TableTitle($"sessiongrid loadgen: {generator.Phase.ToString().ToLowerInvariant()}, {generator.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        table.AddRow("connections", $"up {stats.ConnectionsUp}, failed {stats.ConnectionsFailed}, open {stats.ConnectionsOpen}, reconnects {stats.Reconnects}");
        table.AddRow("heartbeats", string.Create(CultureInfo.InvariantCulture, $"{stats.HeartbeatsSent} sent, {rate:0}/s now"));
        table.AddRow("server frames", string.Join(", ", LoadStats.FrameTypes.Select((type, i) => $"{type} {stats.Frames(i)}")));
        table.AddRow("leave detection", $"{stats.Detected} of {stats.Silenced} silent, false leaves {stats.FalseLeaves}");
        var errors = ErrorKinds.All.Where(kind => stats.Errors(kind) > 0).Select(kind => $"{ErrorKinds.Key(kind)} {stats.Errors(kind)}");
        table.AddRow("errors", Markup.Escape(string.Join(", ", errors.DefaultIfEmpty("none"))));
        return table;
    }

    /// <summary>Heartbeats per second between two samples.</summary>
    private sealed class RateMeter
    {
        private long _heartbeats;
        private double _at;

        public double Sample(LoadGenerator generator)
        {
            var now = generator.ElapsedSeconds;
            var heartbeats = generator.Stats.HeartbeatsSent;
            var rate = now > _at ? (heartbeats - _heartbeats) / (now - _at) : 0;
            (_heartbeats, _at) = (heartbeats, now);
            return rate;
        }
    }
}
