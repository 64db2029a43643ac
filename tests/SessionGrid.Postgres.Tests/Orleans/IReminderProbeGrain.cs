using Orleans;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>A grain that manages its own reminders on request, so tests drive Orleans' reminder API end to end.</summary>
[Alias("SessionGrid.Postgres.Tests.Orleans.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period);

    [Alias("Unregister")]
    Task UnregisterAsync(string reminderName);

    /// <summary>The reminder's name as <c>GetReminder</c> reads it back; null when there is none.</summary>
    [Alias("Get")]
    Task<string?> GetAsync(string reminderName);

    /// <summary>The names <c>GetReminders</c> reads back, in ordinal order.</summary>
    [Alias("List")]
    Task<string[]> ListAsync();
}
