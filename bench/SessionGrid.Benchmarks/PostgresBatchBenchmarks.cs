using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Migrations;
using SessionGrid.Postgres.Storage;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Benchmarks;

/// <summary>
/// The batched write path: one <see cref="PostgresSessionStore.WriteBatchAsync"/> of session rows
/// (conditional updates plus their columns) to a real PostgreSQL on loopback, in one round trip: what
/// the "sessions" provider sends per group commit. Rows per second = Rows / mean.
/// </summary>
public class PostgresBatchBenchmarks
{
    private NpgsqlDataSource _dataSource = null!;
    private PostgresSessionStore _store = null!;
    private SessionState[] _states = [];
    private string?[] _etags = [];

    [Params(100, 1_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var server = PostgresServer.SharedAsync().GetAwaiter().GetResult();
        _dataSource = NpgsqlDataSource.Create(server.CreateDatabaseAsync("batch").GetAwaiter().GetResult());
        new MigrationRunner(_dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync().GetAwaiter().GetResult();
        _store = new PostgresSessionStore(_dataSource, NullLogger<PostgresSessionStore>.Instance);
        var now = DateTimeOffset.UtcNow;
        _states = new SessionState[Rows];
        _etags = new string?[Rows];
        for (var i = 0; i < Rows; i++)
        {
            _states[i] = new SessionState
            {
                SessionId = $"10.9.{i / 256}.{i % 256}:7",
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

    /// <remarks>
    /// The provider hands the store a copy taken in the grain's turn; here the store gets the state
    /// itself, which it only reads, so the copy (the grain's cost, not the database's) is left out.
    /// </remarks>
    [Benchmark(Description = "WriteBatchAsync of session rows (one round trip)")]
    public async Task WriteBatchAsync()
    {
        var writes = new SessionStateWrite[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var state = _states[i];
            state.HeartbeatsReceived++;
            state.LastHeartbeat = state.LastActivity = DateTimeOffset.UtcNow;
            writes[i] = new SessionStateWrite(state.SessionId, state, _etags[i]);
        }

        await _store.WriteBatchAsync(writes, CancellationToken.None);
        for (var i = 0; i < Rows; i++)
        {
            _etags[i] = writes[i].NewETag ?? throw new InvalidOperationException($"Row {i} failed: {writes[i].Error?.Message}");
        }
    }
}
