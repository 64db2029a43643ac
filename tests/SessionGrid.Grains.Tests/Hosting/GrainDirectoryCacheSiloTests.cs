using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.GrainDirectory;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Tests.Sessions;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests.Hosting;

/// <summary><see cref="GrainDirectoryCacheServiceCollectionExtensions"/> in a real silo, and the cache's instruments.</summary>
public sealed class GrainDirectoryCacheSiloTests
{
    [Fact]
    public async Task AddSessionGrains_Silo_GrainCallsWorkAndTheDirectoryCachesInOurCache()
    {
        await using var host = await SessionRuntimeHost.StartAsync(new ManualTimeProvider());

        var options = host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;
        Assert.Equal(GrainDirectoryOptions.CachingStrategyType.Custom, options.CachingStrategy);
        var cache = Assert.IsType<BoundedGrainDirectoryCache>(host.Services.GetRequiredService<IGrainDirectoryCache>());
        Assert.Same(host.Services.GetRequiredService<BoundedGrainDirectoryCache>(), cache);
        Assert.Equal(options.CacheSize, cache.Capacity);

        var attached = await host.AttachAsync("s1", new RecordingConnection(1));
        Assert.Equal(SessionStatus.Live, attached.Status);
        Assert.Equal(SessionStatus.Live.ToWire(), (await host.Session("s1").GetSnapshotAsync())?.Status);

        // Orleans' directory caches every activation it registers: the session's address is in our cache.
        Assert.True(cache.LookUp(host.Session("s1").GetGrainId(), out var address, out _));
        Assert.Equal(host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress, address.SiloAddress);
    }

    [Fact]
    public async Task AddBoundedGrainDirectoryCache_CacheSizeZero_SiloRefusesToStart()
    {
        using var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                var clusterId = "dircache-" + Guid.NewGuid().ToString("N");
                silo.UseLocalhostClustering(FreePorts.Next(), 0, serviceId: clusterId, clusterId: clusterId);
                silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = 0);
                silo.Services.AddBoundedGrainDirectoryCache();
            })
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("GrainDirectoryOptions.CacheSize must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserveDirectoryCache_ReportsEntriesAndEvictions()
    {
        using var metrics = new SessionMetrics();
        // The sweep runs on the adding thread so that the evictions have happened when the instruments are read.
        var cache = new BoundedGrainDirectoryCache(8, sweepOnCaller: true);
        metrics.ObserveDirectoryCache(cache);
        var silo = SiloAddress.New(IPAddress.Loopback, 11111, 1);
        for (var n = 0; n < 9; n++)
        {
            cache.AddOrUpdate(new GrainAddress { GrainId = GrainId.Create("session", "s" + n), SiloAddress = silo }, 1);
        }

        var observed = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, metrics) && instrument.Name.StartsWith("sessiongrid.directory.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => observed[instrument.Name] = value);
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => observed[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(cache.Count, observed["sessiongrid.directory.cache.entries"]);
        Assert.Equal(cache.Evicted, observed["sessiongrid.directory.cache.evicted"]);
        Assert.Equal(9, cache.Count + cache.Evicted);
        Assert.True(cache.Evicted > 0);
    }

    [Fact]
    public void ObserveDirectoryCache_Twice_Throws()
    {
        using var metrics = new SessionMetrics();
        metrics.ObserveDirectoryCache(new BoundedGrainDirectoryCache(8));

        Assert.Throws<InvalidOperationException>(() => metrics.ObserveDirectoryCache(new BoundedGrainDirectoryCache(8)));
    }
}
