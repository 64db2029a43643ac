using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SessionGrid.Api.Health;

/// <summary>
/// Every health component's last status as the gauge <c>sessiongrid.health.status{component}</c>
/// (0 healthy, 1 degraded, 2 unhealthy), so a scraper sees a degraded store or an unreachable membership
/// table without polling <c>/health</c>. ASP.NET Core's health check publisher runs the checks every
/// <see cref="Period"/>; the gauge reports what the last run found.
/// </summary>
public sealed class HealthMetrics : IHealthCheckPublisher, IDisposable
{
    public const string MeterName = "SessionGrid.Health";

    /// <summary>How often the publisher runs every check (a Redis PING among them, in cluster mode).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);
    private readonly Meter _meter;

    public HealthMetrics()
    {
        // The scope tells one silo's meter from another's in the same process (tests).
        _meter = new Meter(new MeterOptions(MeterName) { Scope = this });
        _meter.CreateObservableGauge(
            "sessiongrid.health.status",
            Observe,
            description: "Each /health component's status at the last check: 0 healthy, 1 degraded, 2 unhealthy.");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var (component, entry) in report.Entries)
        {
            _last[component] = entry.Status;
        }

        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<int>> Observe() =>
        _last.Select(static pair => new Measurement<int>(Value(pair.Value), new KeyValuePair<string, object?>("component", pair.Key)));

    private static int Value(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 0,
        HealthStatus.Degraded => 1,
        _ => 2,
    };

    public void Dispose() => _meter.Dispose();
}
