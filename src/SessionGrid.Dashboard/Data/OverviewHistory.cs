using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Data;

/// <summary>
/// The overview's rolling window: the newest <see cref="Capacity"/> readings of one circuit (one browser
/// tab), from which its charts draw sessions by state, heartbeats per second by silo and transitions per
/// minute over time. A silo's heartbeat rate is the change of its heartbeat counter between two readings
/// over the time between them, so no heartbeat falls between samples however the refreshes are spaced.
/// </summary>
public sealed class OverviewHistory
{
    private static readonly string[] Statuses = [SessionStatusNames.Live, SessionStatusNames.Leave, SessionStatusNames.Closed];

    private readonly Queue<Reading> _readings = new();
    private Reading? _newest;

    /// <param name="capacity">How many readings are kept (at least 2: a rate needs two).</param>
    public OverviewHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>When the newest reading was taken; null before the first.</summary>
    public DateTimeOffset? Newest => _newest?.Figures.At;

    /// <summary>When each kept reading was taken, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Times => [.. _readings.Select(static r => r.Figures.At)];

    /// <summary>Adds a reading and drops the oldest past <see cref="Capacity"/>. Readings come in time order.</summary>
    public void Add(OverviewFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (_newest is { } previous && figures.At <= previous.Figures.At)
        {
            throw new ArgumentException($"Readings are added in time order: {figures.At:O} is not after the newest, {previous.Figures.At:O}.", nameof(figures));
        }

        var rates = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (silo, heartbeats) in figures.HeartbeatsBySilo)
        {
            rates[silo] = Rate(_newest, silo, heartbeats, figures.At);
        }

        _newest = new Reading(figures, rates);
        _readings.Enqueue(_newest);
        while (_readings.Count > Capacity)
        {
            _readings.Dequeue();
        }
    }

    /// <summary>Stored sessions in each state (live, leave, closed).</summary>
    public IReadOnlyList<TimeSeries> SessionsByStatus()
        => Series(Statuses, static (reading, status) => reading.Figures.Sessions.ByStatus.TryGetValue(status, out var count) ? count : null);

    /// <summary>The last minute's transitions into each state (live, leave, closed).</summary>
    public IReadOnlyList<TimeSeries> TransitionsPerMinute()
        => Series(Statuses, static (reading, status) => reading.Figures.TransitionsLastMinute.TryGetValue(status, out var count) ? count : null);

    /// <summary>Heartbeats per second received by each silo seen in the window, silos in ordinal order.</summary>
    public IReadOnlyList<TimeSeries> HeartbeatsPerSecondBySilo()
    {
        var silos = _readings.SelectMany(static r => r.HeartbeatRates.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return Series(silos, static (reading, silo) => reading.HeartbeatRates.GetValueOrDefault(silo));
    }

    private List<TimeSeries> Series(IEnumerable<string> names, Func<Reading, string, double?> value)
        => [.. names.Select(name => new TimeSeries(name, [.. _readings.Select(r => value(r, name))]))];

    private static double? Rate(Reading? previous, string silo, long? heartbeats, DateTimeOffset at)
    {
        if (heartbeats is not { } now || previous?.Figures.HeartbeatsBySilo.GetValueOrDefault(silo) is not { } before)
        {
            return null;
        }

        // A counter never goes back for one owner value (a restarted silo is a new generation): if it does, draw a gap rather than a negative rate.
        return now >= before ? (now - before) / (at - previous.Figures.At).TotalSeconds : null;
    }

    private sealed record Reading(OverviewFigures Figures, IReadOnlyDictionary<string, double?> HeartbeatRates);
}
