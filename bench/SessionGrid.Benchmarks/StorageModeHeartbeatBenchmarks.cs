using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Hosting;
using SessionGrid.Runtime.Cluster;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Benchmarks;

/// <summary>
/// Heartbeat throughput of one silo, in-memory vs PostgreSQL: 1,000 live sessions, 64 heartbeats in
/// flight. Heartbeats only mark state dirty; the flusher writes batches to the store in the
/// background on the same 2 cores (PostgreSQL itself runs on the same machine), so the gap between
/// the modes is what write-behind costs, at the default staleness and at 25x its write rate.
/// </summary>
[MemoryDiagnoser]
public class StorageModeHeartbeatBenchmarks
{
    private const int Sessions = 1_000;
    private const int HeartbeatsPerInvoke = 20_000;
    private const int InFlight = 64;
    private IHost _host = null!;
    private IClientSessionGrain[] _grains = [];

    [Params("memory", "postgres")]
    public string Store { get; set; } = "memory";

    /// <summary>Persistence:MaxStaleness in ms: the default 5,000, and 200 (25x as many batched writes).</summary>
    [Params(200, 5_000)]
    public int StalenessMs { get; set; } = 5_000;

    [GlobalSetup]
    public void Setup()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new SiloIdentity("bench", DateTimeOffset.UtcNow));
        if (Store == "postgres")
        {
            var server = PostgresServer.SharedAsync().GetAwaiter().GetResult();
            builder.Services.AddSessionGridPostgres(server.CreateDatabaseAsync("bench").GetAwaiter().GetResult());
        }

        builder.Services.AddGrainStorageCore(o => o.MaxStaleness = TimeSpan.FromMilliseconds(StalenessMs));
        builder.Services.AddReminderCore();
        builder.Services.AddGrainRuntime();
        builder.Services.AddSessionGrains(builder.Configuration);
        _host = builder.Build();
        _host.StartAsync().GetAwaiter().GetResult();
        var factory = _host.Services.GetRequiredService<IGrainFactory>();
        _grains = new IClientSessionGrain[Sessions];
        for (var i = 0; i < Sessions; i++)
        {
            _grains[i] = factory.GetGrain<IClientSessionGrain>($"10.0.{i / 256}.{i % 256}:1");
            _grains[i].AttachAsync(new AttachRequest(new BenchConnection(i, "127.0.0.1:1"), null)).AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var rows = _host.Services.GetRequiredService<IStateFlusherStatistics>().RowsWritten;
        Console.WriteLine($"// {Store}, staleness {StalenessMs} ms: flusher wrote {rows} rows");
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    [Benchmark(OperationsPerInvoke = HeartbeatsPerInvoke)]
    public async Task Heartbeats()
    {
        var lanes = new Task[InFlight];
        for (var lane = 0; lane < InFlight; lane++)
        {
            lanes[lane] = LaneAsync(lane);
        }

        await Task.WhenAll(lanes);
    }

    private async Task LaneAsync(int lane)
    {
        for (var i = lane; i < HeartbeatsPerInvoke; i += InFlight)
        {
            var session = i % Sessions;
            await _grains[session].HeartbeatAsync(new HeartbeatRequest(session, ClientDeclaredStatus.Live, "10.0.0.1", 1, 40));
        }
    }
}
