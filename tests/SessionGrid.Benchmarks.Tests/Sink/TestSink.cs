using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrid.Sink.Connections;
using SessionGrid.Sink.Hosting;
using SessionGrid.TestKit;

namespace SessionGrid.Benchmarks.Tests.Sink;

/// <summary>The real sink application on free loopback ports.</summary>
internal sealed class TestSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestSink(WebApplication app)
    {
        _app = app;
        var endpoints = app.Services.GetRequiredService<SinkEndpoints>();
        Frames = new IPEndPoint(IPAddress.Loopback, endpoints.Frames.Port);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{endpoints.Http.Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public IPEndPoint Frames { get; }

    public HttpClient Http { get; }

    public static async Task<TestSink> StartAsync(IDictionary<string, string?>? settings = null, TimeSpan? shutdownTimeout = null)
    {
        var app = SinkApplication.Build([], builder =>
        {
            Configure(builder, settings);
            if (shutdownTimeout is { } timeout)
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
            }
        });
        await app.StartAsync();
        return new TestSink(app);
    }

    /// <summary>Loopback, free ports, quiet logs; <paramref name="settings"/> override.</summary>
    public static void Configure(WebApplicationBuilder builder, IDictionary<string, string?>? settings)
    {
        var config = new Dictionary<string, string?>
        {
            ["Sink:Port"] = "0",
            ["Sink:ListenAddress"] = "127.0.0.1",
            ["Sink:HttpPort"] = "0",
            ["Sink:HttpListenAddress"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
    }

    public async Task<SinkStats> StatsAsync()
        => await Http.GetFromJsonAsync<SinkStats>("/stats") ?? throw new InvalidOperationException("GET /stats returned null.");

    /// <summary>Polls /stats until <paramref name="condition"/> holds; the last stats either way, for the assertion.</summary>
    public async Task<SinkStats> WaitForStatsAsync(Func<SinkStats, bool> condition)
    {
        SinkStats? last = null;
        await Eventually.TrueAsync(async () => condition(last = await StatsAsync()));
        return last!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
