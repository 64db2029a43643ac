using SessionGrid.Gateway.Connections;
using SessionGrid.TestKit.Silo;
using Microsoft.Extensions.DependencyInjection;

namespace SessionGrid.Tool.Tests.Support;

/// <summary>
/// A real silo on the real clock with a short policy (1 s heartbeats, leave after 3 missed, frames
/// must complete within 1 s), shared by the tests of one class. Tests use their own id prefixes.
/// </summary>
public sealed class ToolSiloFixture : IAsyncLifetime
{
    private TestSilo? _silo;

    public TestSilo Silo => _silo ?? throw new InvalidOperationException("The fixture is used before xunit initialized it.");

    public GatewayMetrics Metrics => Silo.Services.GetRequiredService<GatewayMetrics>();

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
    {
        ["HeartbeatPolicy:Interval"] = "00:00:01",
        ["HeartbeatPolicy:MissThreshold"] = "3",
        ["Timers:Resolution"] = "00:00:00.100",
        ["Gateway:FrameTimeout"] = "00:00:01",
    });

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
