using System.Diagnostics.Metrics;

namespace SessionGrid.Grains.Storage;

/// <summary>
/// The "sessions" provider's statistics as observable instruments of the <c>SessionGrid.Storage</c> meter, so an
/// exporter (OpenTelemetry, dotnet-counters) sees a full buffer and shed writes without polling /health.
/// Observed on collection only: nothing is paid per write.
/// </summary>
public sealed class SessionStorageMetrics : IDisposable
{
    public const string MeterName = "SessionGrid.Storage";

    private readonly Meter _meter;

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
    }

    public void Dispose() => _meter.Dispose();
}
