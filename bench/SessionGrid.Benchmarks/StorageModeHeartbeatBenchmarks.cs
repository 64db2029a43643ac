using BenchmarkDotNet.Attributes;
using SessionGrid.Benchmarks.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Hosting;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Benchmarks;

/// <summary>
/// Heartbeat throughput of one in-process Orleans silo, in-memory vs PostgreSQL store: 1,000 live
/// sessions, 64 heartbeats in flight. Heartbeats only mark state dirty; each grain's flush deadline
/// queues its write-behind into the "sessions" provider, which group-commits batches to the store in
/// the background on the same 2 cores (PostgreSQL itself runs on the same machine), so the gap between
/// the modes is what write-behind costs, at the default staleness and at 25x its write rate.
/// </summary>
[MemoryDiagnoser]
public class StorageModeHeartbeatBenchmarks
{
    private const int Sessions = 1_000;
    private const int HeartbeatsPerInvoke = 20_000;
    private const int InFlight = 64;
    private BenchSilo _silo = null!;
    private IClientSessionGrain[] _grains = [];
    private BenchConnection[] _connections = [];

    [Params("memory", "postgres")]
    public string Store { get; set; } = "memory";

    /// <summary>Persistence:MaxStaleness in ms: the default 5,000, and 200 (25x as many batched writes).</summary>
    [Params(200, 5_000)]
    public int StalenessMs { get; set; } = 5_000;

    [GlobalSetup]
    public void Setup()
    {
        string? postgres = null;
        if (Store == "postgres")
        {
            var server = PostgresServer.SharedAsync().GetAwaiter().GetResult();
            postgres = server.CreateDatabaseAsync("bench").GetAwaiter().GetResult();
        }

        var settings = new Dictionary<string, string?> { ["Persistence:MaxStaleness"] = BenchSilo.Setting(TimeSpan.FromMilliseconds(StalenessMs)) };
        _silo = BenchSilo.StartAsync(settings, services =>
        {
            if (postgres is not null)
            {
                services.AddSessionGridPostgres(postgres);
            }
        }).GetAwaiter().GetResult();
        _grains = new IClientSessionGrain[Sessions];
        _connections = new BenchConnection[Sessions];
        for (var i = 0; i < Sessions; i++)
        {
            _grains[i] = _silo.Grains.GetGrain<IClientSessionGrain>($"10.0.{i / 256}.{i % 256}:1");
            _connections[i] = BenchConnection.Create(_silo.Grains, i + 1, "127.0.0.1:1");
            _grains[i].AttachAsync(_connections[i].Attach()).AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var storage = _silo.Get<ISessionStorageStatistics>();
        Console.WriteLine($"// {Store}, staleness {StalenessMs} ms: {storage.RowsWritten} rows in {storage.BatchesWritten} batches, {storage.ShedWrites} shed");
        _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
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
            await _grains[session].HeartbeatAsync(new HeartbeatRequest(session + 1, ClientDeclaredStatus.Live, "10.0.0.1", 1, 40));
        }
    }
}
