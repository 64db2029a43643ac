using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrid.Runtime.Storage;
using SessionGrid.Silo.Hosting;

namespace SessionGrid.Silo.Health;

/// <summary>The state store: degraded (still serving) while writes keep failing and queue up.</summary>
internal sealed class StorageHealthCheck(IStateFlusherStatistics flusher, StorageMode mode) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["mode"] = mode.Name,
            ["dirty"] = flusher.DirtyCount,
            ["pendingWrites"] = flusher.PendingWrites,
            ["batchesWritten"] = flusher.BatchesWritten,
            ["rowsWritten"] = flusher.RowsWritten,
            ["writeFailures"] = flusher.WriteFailures,
            ["conflicts"] = flusher.Conflicts,
            ["shedWrites"] = flusher.ShedWrites,
        };
        if (flusher.LastFlushTime is { } last)
        {
            data["lastFlush"] = last;
        }

        return Task.FromResult(flusher.IsDegraded
            ? HealthCheckResult.Degraded("store unreachable: writes are queued and retried, nothing unwritten is reported durable", data: data)
            : HealthCheckResult.Healthy(mode.Description, data));
    }
}
