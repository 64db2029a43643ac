using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Migrations;
using SessionGrid.Postgres.Storage;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Benchmarks;

/// <summary>
/// The batched write path: one flusher batch of session rows (conditional updates plus their
/// columns) to a real PostgreSQL on loopback, in one round trip. Rows per second = Rows / mean.
/// </summary>
public class PostgresBatchBenchmarks
{
    private NpgsqlDataSource _dataSource = null!;
    private PostgresGrainStorage _storage = null!;
    private SessionState[] _states = [];
    private string?[] _etags = [];
    private GrainId[] _ids = [];

    [Params(100, 1_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var server = PostgresServer.SharedAsync().GetAwaiter().GetResult();
        _dataSource = NpgsqlDataSource.Create(server.CreateDatabaseAsync("batch").GetAwaiter().GetResult());
        new MigrationRunner(_dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync().GetAwaiter().GetResult();
        _storage = new PostgresGrainStorage(_dataSource, Options.Create(new GrainStateSerializerOptions()), NullLogger<PostgresGrainStorage>.Instance);
        var now = DateTimeOffset.UtcNow;
        _states = new SessionState[Rows];
        _etags = new string?[Rows];
        _ids = new GrainId[Rows];
        for (var i = 0; i < Rows; i++)
        {
            _ids[i] = new GrainId(SessionGrainsServiceCollectionExtensions.SessionGrainType, $"10.9.{i / 256}.{i % 256}:7");
            _states[i] = new SessionState
            {
                SessionId = _ids[i].Key,
                Incarnation = 1,
                Status = SessionStatus.Live,
                FirstSeen = now,
                StateSince = now,
                LastActivity = now,
                Interval = TimeSpan.FromSeconds(10),
                RemoteEndpoint = "127.0.0.1:40000",
                DeclaredIp = "10.9.0.1",
                OwnerSilo = "bench",
                OwnerEpoch = 1,
            };
        }

        WriteBatchAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _dataSource.Dispose();

    [Benchmark(Description = "WriteBatchAsync of session rows (one round trip)")]
    public async Task WriteBatchAsync()
    {
        var writes = new GrainStateWrite[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var state = _states[i];
            state.HeartbeatsReceived++;
            state.LastHeartbeat = state.LastActivity = DateTimeOffset.UtcNow;
            writes[i] = new GrainStateWrite(ClientSessionGrain.StateName, _ids[i], typeof(SessionState), state, _etags[i]);
        }

        await _storage.WriteBatchAsync(writes, CancellationToken.None);
        for (var i = 0; i < Rows; i++)
        {
            _etags[i] = writes[i].NewETag ?? throw new InvalidOperationException($"Row {i} failed: {writes[i].Error?.Message}");
        }
    }
}
