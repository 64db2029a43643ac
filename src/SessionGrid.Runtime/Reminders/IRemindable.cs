using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Reminders;

/// <summary>
/// A grain that receives durable reminders. Delivery is at least once: handlers must be idempotent.
/// A reminder activates its grain if needed.
/// </summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminderAsync(string reminderName, TickStatus status);
}
