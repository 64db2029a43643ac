namespace SessionGrid.Api.Metrics;

/// <summary>Who may scrape <c>/metrics</c>. Bound from the <c>Metrics</c> configuration section.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Serve <c>/metrics</c> without a token, for a Prometheus that cannot send one. Default false: a
    /// viewer token (or, without a signing key, a loopback caller) is required like the API.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Export Orleans' own meter too. Default true. Orleans then records a latency histogram per grain
    /// call (a heartbeat is one); turn it off if that shows in a profile of a saturated silo.
    /// </summary>
    public bool IncludeOrleans { get; set; } = true;
}
