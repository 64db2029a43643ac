namespace SessionGrid.Api.RateLimiting;

/// <summary>Per-client request budget for the API. Bound from the <c>RateLimiting</c> configuration section.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Requests one client may make per window. Default 100.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>Length of the fixed window. Default 1 second.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
