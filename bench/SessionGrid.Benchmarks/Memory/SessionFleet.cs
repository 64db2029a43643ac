using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Cluster;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>
/// The silo's grain side in one process (runtime, storage, reminders, session grains: the silo's
/// composition minus Kestrel and the API) and a fleet of sessions driven through the real grain call
/// path, as the gateway drives them minus the socket: attach, then one heartbeat. Each session is
/// then a live activation with state and a pending miss timer on the wheel.
/// </summary>
internal sealed class SessionFleet : IAsyncDisposable
{
    /// <summary>Long enough that no miss timer fires during a run: the sessions stay live and idle.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly IHost _host;
    private readonly IGrainFactory _grains;

    private SessionFleet(IHost host)
    {
        _host = host;
        _grains = host.Services.GetRequiredService<IGrainFactory>();
        Flusher = host.Services.GetRequiredService<IStateFlusherStatistics>();
        Catalog = host.Services.GetRequiredService<IGrainCatalogStatistics>();
    }

    public IServiceProvider Services => _host.Services;

    public IStateFlusherStatistics Flusher { get; }

    public IGrainCatalogStatistics Catalog { get; }

    /// <param name="capacity">Sessions the run will hold in all; sizes the flusher's queue so no write is shed.</param>
    public static async Task<SessionFleet> StartAsync(SessionStore store, int capacity)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HeartbeatPolicy:Interval"] = Interval.ToString("c", CultureInfo.InvariantCulture),

            // Idle collection must not take activations away in the middle of a measurement.
            ["Runtime:CollectionAge"] = "1.00:00:00",
            ["Runtime:CollectionQuantum"] = "00:01:00",
        });
        var services = builder.Services;
        services.AddSingleton(new SiloIdentity("memory-bench", DateTimeOffset.UtcNow));
        if (store == SessionStore.Discard)
        {
            // Registered first: the storage core only adds the in-memory default when none is there.
            services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, new DiscardingGrainStorage());
        }

        services.AddGrainStorageCore(o => o.MaxPendingWrites = Math.Max(o.MaxPendingWrites, capacity * 2));
        services.AddReminderCore();
        services.AddGrainRuntime(o => builder.Configuration.GetSection("Runtime").Bind(o));
        services.AddSessionGrains(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new SessionFleet(host);
    }

    /// <summary>Session ids as a client fleet might use them (12 to 14 characters).</summary>
    public static string SessionId(int index) => "sess-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// What the gateway holds per connection (the connection, its remote endpoint, the declared ip),
    /// made before the baseline sample so that it does not count as the grain's.
    /// </summary>
    public static FleetConnections PrepareConnections(int first, int count)
    {
        var connections = new BenchConnection[count];
        var ips = new string[count];
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            var ip = string.Create(CultureInfo.InvariantCulture, $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
            ips[i] = ip;
            connections[i] = new BenchConnection(n + 1, ip + ":" + (10_000 + (n % 50_000)).ToString(CultureInfo.InvariantCulture));
        }

        return new FleetConnections(first, connections, ips);
    }

    /// <summary>Attaches and heartbeats every session of <paramref name="fleet"/>, <paramref name="concurrency"/> at a time.</summary>
    public async Task<TimeSpan> ActivateAsync(FleetConnections fleet, int concurrency, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var lanes = new Task[Math.Min(concurrency, fleet.Count)];
        for (var lane = 0; lane < lanes.Length; lane++)
        {
            lanes[lane] = LaneAsync(fleet, lane, lanes.Length, cancellationToken);
        }

        await Task.WhenAll(lanes);
        return watch.Elapsed;
    }

    /// <summary>
    /// Waits until the flusher has written every dirty state and nothing is in flight, so the sample
    /// holds no snapshot copies on their way to the store.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        var lastRows = -1L;
        while (true)
        {
            var rows = Flusher.RowsWritten;
            if (Flusher.DirtyCount == 0 && Flusher.PendingWrites == 0 && rows == lastRows)
            {
                return;
            }

            lastRows = rows;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private async Task LaneAsync(FleetConnections fleet, int lane, int lanes, CancellationToken cancellationToken)
    {
        for (var i = lane; i < fleet.Count; i += lanes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = fleet.First + i;
            var connection = fleet.Connections[i];
            var grain = _grains.GetGrain<IClientSessionGrain>(SessionId(index));
            var attached = await grain.AttachAsync(new AttachRequest(connection, null));
            if (attached.Status != SessionStatus.Live)
            {
                throw new InvalidOperationException($"Session {SessionId(index)} attached as {attached.Status}, not live.");
            }

            var outcome = await grain.HeartbeatAsync(new HeartbeatRequest(connection.ConnectionId, ClientDeclaredStatus.Live, fleet.Ips[i], null, 48));
            if (outcome != HeartbeatOutcome.Accepted)
            {
                throw new InvalidOperationException($"Session {SessionId(index)}: heartbeat {outcome}, not accepted.");
            }
        }
    }
}
