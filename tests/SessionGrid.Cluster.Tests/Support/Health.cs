using System.Text.Json;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Cluster;

namespace SessionGrid.Cluster.Tests.Support;

/// <summary>Reads one component of a silo's <c>/health</c>.</summary>
public static class Health
{
    public static async Task<string> ComponentStatusAsync(SiloProcess silo, string component)
    {
        using var health = JsonDocument.Parse(await silo.Http.GetStringAsync("/health"));
        return health.RootElement.GetProperty("components").GetProperty(component).GetProperty("status").GetString()!;
    }

    /// <summary>The component's value of the <c>sessiongrid_health_status</c> gauge in the silo's <c>/metrics</c>, or null while it has none.</summary>
    public static async Task<int?> MetricAsync(SiloProcess silo, string component)
    {
        var scrape = await silo.Http.GetStringAsync("/metrics");
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith("sessiongrid_health_status{", StringComparison.Ordinal) && l.Contains($"component=\"{component}\"", StringComparison.Ordinal));
        return line is null ? null : int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until the component's health gauge reads <paramref name="value"/> (0 healthy, 1 degraded); fails with the silo's output.</summary>
    public static async Task WaitForMetricAsync(SiloProcess silo, string component, int value)
    {
        int? last = null;
        if (!await Eventually.TrueAsync(async () => (last = await MetricAsync(silo, component)) == value, timeout: TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"{silo.Name}: metric sessiongrid_health_status{{component={component}}} stayed {last?.ToString() ?? "absent"}, expected {value}\n{silo.Output}");
        }
    }

    /// <summary>Polls until the component reports <paramref name="status"/>; fails with the silo's output.</summary>
    public static async Task WaitForAsync(SiloProcess silo, string component, string status)
    {
        var last = "";
        if (!await Eventually.TrueAsync(async () => (last = await ComponentStatusAsync(silo, component)) == status, timeout: TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"{silo.Name}: health component {component} stayed {last}, expected {status}\n{silo.Output}");
        }
    }
}
