using Microsoft.Extensions.Options;

namespace SessionGrid.Silo.Hosting;

/// <summary>Orleans' own dashboard at <c>/orleans</c> (operators only). Bound from the <c>OrleansDashboard</c> configuration section.</summary>
public sealed class OrleansDashboardOptions
{
    public const string SectionName = "OrleansDashboard";

    /// <summary>Route the dashboard is served under.</summary>
    public const string Path = "/orleans";

    /// <summary>
    /// Serve the dashboard. Default true. It samples Orleans' metrics every second on every silo
    /// whether or not anyone watches: false removes that cost.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often every silo samples Orleans' counters for the dashboard's charts, whether or not anyone
    /// watches. Default 5 s (Orleans' own default is 1 s, which costs an idle silo about 10 ms of CPU a
    /// second more); at least 1 s, whole seconds.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws with one sentence when the section cannot be used: checked at start, before Orleans is configured with it.</summary>
    public void ThrowIfInvalid()
    {
        if (SampleInterval < TimeSpan.FromSeconds(1) || SampleInterval > TimeSpan.FromHours(1) || SampleInterval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new OptionsValidationException(SectionName, typeof(OrleansDashboardOptions),
                [$"OrleansDashboard:SampleInterval must be whole seconds from 1 s to 1 hour (was {SampleInterval})."]);
        }
    }

    /// <summary>Show the dashboard's live log trace (every silo log line, to any operator). Default false.</summary>
    public bool ShowTrace { get; set; }
}
