using System.Diagnostics.Metrics;

namespace SessionGrid.Grains.Storage;

/// <summary>
/// The "sessions" provider's statistics as observable instruments of the <c>SessionGrid.Storage</c> meter, so an
/// exporter (OpenTelemetry, dotnet-counters) sees a full buffer and shed writes without polling /health.
/// Counters are observed on collection only; the two histograms are recorded once per batch, never per write.
/// </summary>
public sealed class SessionStorageMetrics : IDisposable
{
    public const string MeterName = "SessionGrid.Storage";

    private readonly Meter _meter;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;

    public SessionStorageMetrics(ISessionStorageStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        // The scope tells this silo's meter from another's in the same process (tests, benchmarks).
        _meter = new Meter(new MeterOptions(MeterName) { Scope = statistics });
        _meter.CreateObservableUpDownCounter("sessiongrid.storage.pending_writes", () => statistics.PendingWrites, description: "Writes queued or being written.");
        _meter.CreateObservableCounter("sessiongrid.storage.batches", () => statistics.BatchesWritten);
        _meter.CreateObservableCounter("sessiongrid.storage.rows_written", () => statistics.RowsWritten);
        _meter.CreateObservableCounter("sessiongrid.storage.write_failures", () => statistics.WriteFailures, description: "Rows that failed transiently and are retried.");
        _meter.CreateObservableCounter("sessiongrid.storage.conflicts", () => statistics.Conflicts);
        _meter.CreateObservableCounter("sessiongrid.storage.shed_writes", () => statistics.ShedWrites, description: "Write-behind counter updates dropped because the pending buffer was full.");
        _meter.CreateObservableGauge("sessiongrid.storage.degraded", () => statistics.IsDegraded ? 1 : 0, description: "1 while the store keeps failing and writes queue up.");
        _batchSize = _meter.CreateHistogram(
            "sessiongrid.storage.batch_size",
            unit: "{row}",
            description: "Rows per round trip to the session store (group commit).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] });
        _batchDuration = _meter.CreateHistogram(
            "sessiongrid.storage.batch_duration",
            unit: "s",
            description: "Time one batch took in the session store, failed batches included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
    }

    /// <summary>One batch went to the store: its rows and how long the round trip took.</summary>
    internal void Batch(int rows, TimeSpan elapsed)
    {
        _batchSize.Record(rows);
        _batchDuration.Record(elapsed.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
