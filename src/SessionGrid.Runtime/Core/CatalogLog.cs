using Microsoft.Extensions.Logging;

namespace SessionGrid.Runtime.Core;

/// <summary>Log events of the catalog and activations. Event ids 1000-1099 are stable: alerts key on them.</summary>
internal static partial class CatalogLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed; {DroppedCalls} queued work items failed with it")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, int droppedCalls, Exception exception);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Turn of grain {GrainId} ({WorkItem}) took {ElapsedMs} ms, more than the {ThresholdMs} ms warning threshold")]
    public static partial void LongTurn(ILogger logger, GrainId grainId, string workItem, long elapsedMs, long thresholdMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Work item {WorkItem} of grain {GrainId} threw; work items should report their own failures")]
    public static partial void WorkItemFailed(ILogger logger, GrainId grainId, string workItem, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Deactivation step {Step} of grain {GrainId} failed (reason {Reason})")]
    public static partial void DeactivationStepFailed(ILogger logger, GrainId grainId, string step, DeactivationReason reason, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Deactivation step {Step} of grain {GrainId} did not finish within {TimeoutMs} ms; the runtime stopped waiting for it")]
    public static partial void DeactivationTimedOut(ILogger logger, GrainId grainId, string step, long timeoutMs);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Grain {GrainId} was called through a reference from inside its own turn. Turns are non-reentrant: if the turn awaits this call, it never completes. Call the method directly instead")]
    public static partial void SelfCall(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Grain {GrainId} deactivated ({Reason}); {ForwardedItems} queued work items handed on")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReason reason, int forwardedItems);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Idle collection checked {Checked} activations and deactivated {Collected}")]
    public static partial void IdleCollection(ILogger logger, int @checked, int collected);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Disposing the services of grain {GrainId} failed")]
    public static partial void ScopeDisposeFailed(ILogger logger, GrainId grainId, Exception exception);
}
