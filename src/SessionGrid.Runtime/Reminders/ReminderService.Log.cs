using Microsoft.Extensions.Logging;

namespace SessionGrid.Runtime.Reminders;

internal sealed partial class ReminderService
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of {GrainId} failed (attempt {Attempt}); delivering again in {RetryIn}")]
    private static partial void LogDeliveryFailed(ILogger logger, string grainId, string reminderName, int attempt, TimeSpan retryIn, Exception error);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of {GrainId} was delivered but its row could not be deleted; it fires again after the next refresh")]
    private static partial void LogDeleteFailed(ILogger logger, string grainId, string reminderName, Exception error);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of {GrainId} was delivered but its next tick could not be stored")]
    private static partial void LogAdvanceFailed(ILogger logger, string grainId, string reminderName, Exception error);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Reminder refresh failed; reminders already loaded keep firing")]
    private static partial void LogRefreshFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Debug, Message = "Reminder refresh read {Rows} rows due soon: {Added} loaded, {Removed} dropped")]
    private static partial void LogRefreshed(ILogger logger, int rows, int added, int removed);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Error, Message = "Reminder {ReminderName} of {GrainId}: delivery bookkeeping failed")]
    private static partial void LogDeliveryCrashed(ILogger logger, string grainId, string reminderName, Exception error);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Warning, Message = "Reminder service stopped with {Deliveries} deliveries still running")]
    private static partial void LogStopIncomplete(ILogger logger, int deliveries);
}
