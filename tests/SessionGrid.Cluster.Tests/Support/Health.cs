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
