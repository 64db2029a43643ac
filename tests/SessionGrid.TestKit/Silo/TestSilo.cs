using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Hosting;
using SessionGrid.Silo.Hosting;

namespace SessionGrid.TestKit.Silo;

/// <summary>
/// A real silo host (the same composition as the executable, Orleans included) on free loopback ports,
/// optionally with session time on a manual clock (Orleans itself keeps real time). Tests talk to it only over real sockets: frames on the gateway, HTTP on the API.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestSilo(WebApplication app, ManualTimeProvider? time)
    {
        _app = app;
        Time = time;
        var endpoints = app.Services.GetRequiredService<SiloEndpoints>();
        Gateway = new IPEndPoint(IPAddress.Loopback, endpoints.Gateway.Port);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{endpoints.Http.Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public ManualTimeProvider? Time { get; }

    public IPEndPoint Gateway { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a silo; <paramref name="time"/> null runs it on the real clock.</summary>
    public static async Task<TestSilo> StartAsync(ManualTimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Gateway:Port"] = "0",
            ["Gateway:ListenAddress"] = "127.0.0.1",
            ["Http:Port"] = "0",
            ["Http:ListenAddress"] = "127.0.0.1",
            ["Silo:Name"] = "test-silo",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = "0",
            ["Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N"),

            // Tests poll the API from one address as fast as they like; the rate limit tests set their own.
            ["RateLimiting:PermitLimit"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var app = SiloApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (time is not null)
            {
                builder.Services.AddKeyedSingleton<TimeProvider>(SessionClock.Key, time);
            }
        });
        await app.StartAsync();
        return new TestSilo(app, time);
    }

    public Task<FrameClient> ConnectAsync() => FrameClient.ConnectAsync(Gateway);

    public async Task<SessionSnapshot?> GetSessionAsync(string id)
    {
        using var response = await Http.GetAsync($"/api/sessions/{Uri.EscapeDataString(id)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SessionSnapshot>();
    }

    /// <summary>A direct grain reference, for operator actions that have no API endpoint yet.</summary>
    public IClientSessionGrain Grain(string id) => Services.GetRequiredService<IGrainFactory>().GetGrain<IClientSessionGrain>(id);

    /// <summary>
    /// Polls the API until <paramref name="condition"/> holds. Only for effects that emit no frame the
    /// client could wait on (a disconnected session's state); fails with the last snapshot seen.
    /// </summary>
    public Task<SessionSnapshot> WaitForSessionAsync(string id, Func<SessionSnapshot, bool> condition, TimeSpan? timeout = null)
        => SessionPolling.WaitAsync(() => GetSessionAsync(id), id, condition, timeout);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
