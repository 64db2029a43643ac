using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Benchmarks;

/// <summary>
/// The persistence hot path: a heartbeat marking an already-dirty state (must allocate nothing), and
/// one flush of 1,000 dirty states (snapshot turns, one batch) into the in-memory provider.
/// </summary>
[MemoryDiagnoser]
public class FlusherBenchmarks
{
    private const int States = 1000;
    private StateFlusher _flusher = null!;
    private PersistentState<FlusherBenchState> _alreadyDirty = null!;
    private PersistentState<FlusherBenchState>[] _states = null!;

    [GlobalSetup]
    public void Setup()
    {
        var copier = new GrainStateCopier(Options.Create(new GrainStateSerializerOptions()));
        var storage = new MemoryGrainStorage();
        _flusher = new StateFlusher(Options.Create(new PersistenceOptions()), TimeProvider.System, NullLogger<StateFlusher>.Instance);
        _states = new PersistentState<FlusherBenchState>[States];
        for (var i = 0; i < States; i++)
        {
            _states[i] = new PersistentState<FlusherBenchState>(new FlusherBenchContext($"s{i}"), "session", storage, _flusher, copier);
        }

        // A separate flusher, never flushed: this state stays dirty for the whole run.
        var idleFlusher = new StateFlusher(Options.Create(new PersistenceOptions()), TimeProvider.System, NullLogger<StateFlusher>.Instance);
        _alreadyDirty = new PersistentState<FlusherBenchState>(new FlusherBenchContext("dirty"), "session", storage, idleFlusher, copier);
        _alreadyDirty.MarkDirty();
    }

    [GlobalCleanup]
    public void Cleanup() => _flusher.Dispose();

    [Benchmark]
    public void MarkDirtyAlreadyDirty() => _alreadyDirty.MarkDirty();

    /// <summary>Marks 1,000 states dirty (as their heartbeats would) and flushes them: snapshots plus one batch.</summary>
    [Benchmark]
    public Task<int> FlushThousandDirtyStates()
    {
        foreach (var state in _states)
        {
            state.State.Heartbeats++;
            state.MarkDirty();
        }

        return _flusher.FlushAllAsync();
    }
}
