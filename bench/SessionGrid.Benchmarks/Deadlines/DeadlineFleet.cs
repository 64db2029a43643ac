using SessionGrid.Benchmarks.Hosting;

namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>
/// An in-process silo holding <see cref="Count"/> activations of one <see cref="DeadlineMechanism"/>, their
/// references kept as the gateway keeps them per connection, and heartbeats driven through the real
/// Orleans call path with a bounded number in flight.
/// </summary>
internal sealed class DeadlineFleet : IAsyncDisposable
{
    private readonly BenchSilo _silo;
    private readonly IDeadlineBenchGrain[] _grains;
    private int _cursor;

    private DeadlineFleet(BenchSilo silo, DeadlineMechanism mechanism, int count, TimeSpan missAfter)
    {
        _silo = silo;
        Mechanism = mechanism;
        MissAfter = missAfter;
        _grains = new IDeadlineBenchGrain[count];
        for (var i = 0; i < count; i++)
        {
            _grains[i] = DeadlineBench.Grain(silo.Grains, mechanism, i);
        }
    }

    public DeadlineMechanism Mechanism { get; }

    /// <summary>How far each heartbeat pushes its session's miss deadline.</summary>
    public TimeSpan MissAfter { get; }

    public int Count => _grains.Length;

    public BenchSilo Silo => _silo;

    /// <summary>A silo with the references made; nothing activated yet.</summary>
    public static async Task<DeadlineFleet> StartAsync(DeadlineMechanism mechanism, int count, TimeSpan missAfter)
        => new(await BenchSilo.StartAsync(), mechanism, count, missAfter);

    /// <summary>The first heartbeat of every session: activates it and arms its deadline.</summary>
    public Task ActivateAsync(int inFlight, CancellationToken cancellationToken = default)
        => HeartbeatsAsync(_grains.Length, inFlight, cancellationToken);

    /// <summary>
    /// <paramref name="heartbeats"/> heartbeats, <paramref name="inFlight"/> at a time, going round the
    /// sessions from where the previous call stopped (at scale, each lands on a different activation).
    /// </summary>
    public async Task HeartbeatsAsync(int heartbeats, int inFlight, CancellationToken cancellationToken = default)
    {
        var start = _cursor;
        _cursor = (int)((start + (long)heartbeats) % _grains.Length);
        var lanes = new Task[Math.Max(1, Math.Min(inFlight, heartbeats))];
        for (var lane = 0; lane < lanes.Length; lane++)
        {
            lanes[lane] = LaneAsync(start, lane, lanes.Length, heartbeats, cancellationToken);
        }

        await Task.WhenAll(lanes);
    }

    /// <summary>Deadlines that fired across the fleet (should be zero while sessions heartbeat in time).</summary>
    public async Task<long> CountMissesAsync()
    {
        long misses = 0;
        foreach (var grain in _grains)
        {
            misses += await grain.GetMissesAsync();
        }

        return misses;
    }

    public ValueTask DisposeAsync() => _silo.DisposeAsync();

    private async Task LaneAsync(int start, int lane, int lanes, int heartbeats, CancellationToken cancellationToken)
    {
        for (var i = lane; i < heartbeats; i += lanes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _grains[(int)((start + (long)i) % _grains.Length)].HeartbeatAsync(MissAfter);
        }
    }
}
