using System.Diagnostics;
using System.Diagnostics.Metrics;
using SessionGrid.Grains.Hosting;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The <c>SessionGrid.Sessions</c> meter: transitions by from/to/reason, resident sessions by status,
/// how late a silent client was detected, and the size of the silo's grain directory cache (where the
/// session grains' addresses are kept). Recorded per transition, never per heartbeat (the
/// gateway counts heartbeats); tags go in a <see cref="TagList"/>, so nothing is allocated.
/// </summary>
public sealed class SessionMetrics : IDisposable
{
    public const string MeterName = "SessionGrid.Sessions";

    private static readonly SessionStatus[] s_statuses = Enum.GetValues<SessionStatus>();
    private readonly long[] _resident = new long[s_statuses.Length];
    private readonly Meter _meter;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _detectionDelay;
    private BoundedGrainDirectoryCache? _directoryCache;

    public SessionMetrics()
    {
        // The scope tells this silo's meter from another's in the same process (tests, benchmarks).
        _meter = new Meter(new MeterOptions(MeterName) { Scope = this });
        _transitions = _meter.CreateCounter<long>("sessiongrid.sessions.transitions", description: "State changes of sessions, by from, to and reason (from is none for a new incarnation).");
        _meter.CreateObservableGauge("sessiongrid.sessions.resident", ObserveResident, description: "Sessions active in this silo's memory, by status.");
        _detectionDelay = _meter.CreateHistogram(
            "sessiongrid.sessions.detection_delay",
            unit: "s",
            description: "From a silent session's miss deadline to its live -> leave transition.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    /// <summary>Resident sessions counted for <paramref name="status"/>.</summary>
    public long Resident(SessionStatus status) => Interlocked.Read(ref _resident[(int)status]);

    internal void Transition(SessionTransition transition)
        => _transitions.Add(1, new TagList
        {
            { "from", transition.From is { } from ? from.ToWire() : "none" },
            { "to", transition.To.ToWire() },
            { "reason", transition.Reason },
        });

    /// <summary>A resident session's status changed; null is "not counted" (not yet a session, or deactivated).</summary>
    internal void Moved(SessionStatus? from, SessionStatus? to)
    {
        if (from == to)
        {
            return;
        }

        if (from is { } left)
        {
            Interlocked.Decrement(ref _resident[(int)left]);
        }

        if (to is { } entered)
        {
            Interlocked.Increment(ref _resident[(int)entered]);
        }
    }

    /// <summary>Reports <paramref name="cache"/>'s entries and evictions; once per silo.</summary>
    internal void ObserveDirectoryCache(BoundedGrainDirectoryCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (Interlocked.CompareExchange(ref _directoryCache, cache, null) is not null)
        {
            throw new InvalidOperationException("The grain directory cache is already observed: a silo has one.");
        }

        _meter.CreateObservableGauge("sessiongrid.directory.cache.entries", () => cache.Count, unit: "{entry}", description: "Grain addresses in this silo's directory cache.");
        _meter.CreateObservableCounter("sessiongrid.directory.cache.evicted", () => cache.Evicted, unit: "{entry}", description: "Directory cache entries dropped because the cache was full (GrainDirectoryOptions.CacheSize).");
    }

    internal void DetectionDelay(TimeSpan delay) => _detectionDelay.Record(Math.Max(0, delay.TotalSeconds));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveResident()
    {
        foreach (var status in s_statuses)
        {
            yield return new Measurement<long>(Resident(status), new KeyValuePair<string, object?>("status", status.ToWire()));
        }
    }
}
