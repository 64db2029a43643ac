using Microsoft.Extensions.Logging;

namespace SessionGrid.Runtime.Storage;

internal sealed partial class StateFlusher
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "State write failed for {Failed} of {Rows} rows on {Provider} (failure {Attempt} in a row); the snapshots stay queued and are retried")]
    private static partial void LogBatchFailed(ILogger logger, int failed, int rows, string provider, int attempt, Exception? error);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "State storage recovered after {Failures} failed batches")]
    private static partial void LogRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "State '{StateName}' of {GrainId}: version conflict (expected {ExpectedETag}, stored {StoredETag}); deactivating the activation")]
    private static partial void LogConflict(ILogger logger, string stateName, string grainId, string? expectedETag, string? storedETag);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Pending state writes exceed {Capacity}: shedding the oldest write-behind snapshots (write-throughs are kept)")]
    private static partial void LogSheddingStarted(ILogger logger, int capacity);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "Shed {Shed} write-behind snapshots in the last interval ({Total} in total, capacity {Capacity})")]
    private static partial void LogShed(ILogger logger, long shed, long total, int capacity);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "State flusher stopped after writing {Rows} rows")]
    private static partial void LogStopped(ILogger logger, int rows);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Error, Message = "State flusher stopped before everything was durable: {Pending} writes pending, {Dirty} states dirty")]
    private static partial void LogStopIncomplete(ILogger logger, int pending, int dirty);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Error, Message = "State flusher loop failed; it keeps running")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Error, Message = "Snapshot of state '{StateName}' of {GrainId} failed; the state stays dirty")]
    private static partial void LogSnapshotFailed(ILogger logger, string stateName, string grainId, Exception error);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Error, Message = "Deactivating {GrainId} after a state conflict failed")]
    private static partial void LogDeactivateFailed(ILogger logger, string grainId, Exception error);
}
