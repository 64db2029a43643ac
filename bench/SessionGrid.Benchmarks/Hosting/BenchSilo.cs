using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrid.Grains.Hosting;
using SessionGrid.TestKit;

namespace SessionGrid.Benchmarks.Hosting;

/// <summary>
/// A real in-process Orleans silo with the session grains: the executable's grain side (Orleans on
/// localhost clustering, in-memory default storage and reminders, <c>AddSessionGrains</c>) minus
/// Kestrel, the gateway and the API. It listens on a free loopback silo port with a cluster id of its
/// own and opens no Orleans client gateway, so several can run side by side.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains { get; }

    /// <param name="settings">Configuration the session grains bind (HeartbeatPolicy, Persistence, Timers).</param>
    /// <param name="services">Services registered before the session grains', e.g. an <c>ISessionStore</c>.</param>
    public static async Task<BenchSilo> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton(new SiloIdentity("bench", DateTimeOffset.UtcNow));
        services?.Invoke(builder.Services);
        builder.Services.AddSessionGrains(builder.Configuration);
        var clusterId = "bench-" + Guid.NewGuid().ToString("N");
        builder.UseOrleans(silo =>
        {
            // Gateway port 0: no Orleans client gateway; everything calls in from inside the silo.
            silo.UseLocalhostClustering(FreePorts.Next(), 0, serviceId: clusterId, clusterId: clusterId);
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    /// <summary>A configuration value as the binder reads it.</summary>
    public static string Setting(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    public T Get<T>()
        where T : notnull
        => _host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
