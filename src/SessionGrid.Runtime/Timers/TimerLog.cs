using Microsoft.Extensions.Logging;
using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Timers;

/// <summary>Log events of the timing wheel and grain timers. Event ids 1100-1149 are stable.</summary>
internal static partial class TimerLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Timer callback of grain {GrainId} threw; the timer keeps going")]
    public static partial void CallbackFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Timing wheel entry {Entry} threw when it fired")]
    public static partial void EntryFailed(ILogger logger, string entry, Exception exception);
}
