using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrid.Grains.Storage;
using SessionGrid.Silo.Hosting;

namespace SessionGrid.Silo.Health;

/// <summary>The session store: degraded (still serving) while writes keep failing and queue up.</summary>
internal sealed class StorageHealthCheck(ISessionStorageStatistics storage, StorageMode mode) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["mode"] = mode.Name,
            ["pendingWrites"] = storage.PendingWrites,
            ["batchesWritten"] = storage.BatchesWritten,
            ["rowsWritten"] = storage.RowsWritten,
            ["writeFailures"] = storage.WriteFailures,
            ["conflicts"] = storage.Conflicts,
            ["shedWrites"] = storage.ShedWrites,
        };
        if (storage.LastFlushTime is { } last)
        {
            data["lastFlush"] = last;
        }

        return Task.FromResult(storage.IsDegraded
            ? HealthCheckResult.Degraded("store unreachable: writes are queued and retried, nothing unwritten is reported durable", data: data)
            : HealthCheckResult.Healthy(mode.Description, data));
    }
}
