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
}
