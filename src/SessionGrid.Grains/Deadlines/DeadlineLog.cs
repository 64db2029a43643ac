using Microsoft.Extensions.Logging;

namespace SessionGrid.Grains.Deadlines;

/// <summary>Log events of the deadline wheel. Event ids 1100-1149 are stable.</summary>
internal static partial class DeadlineLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Deadline wheel entry {Entry} threw when it fired")]
    public static partial void EntryFailed(ILogger logger, string entry, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Deadline {Kind} of session {SessionId} could not be delivered")]
    public static partial void DeliveryFailed(ILogger logger, DeadlineKind kind, string sessionId, Exception exception);
}
