namespace SessionGrid.Runtime.Reminders;

/// <summary>How the reminder service loads and delivers durable reminders.</summary>
public sealed class ReminderOptions
{
    /// <summary>
    /// How often the service reads the reminders of its hash ranges that are due soon. Reminders
    /// registered on this silo are scheduled at once; the refresh catches those registered elsewhere,
    /// overdue ones after a restart, and range changes. Default 1 minute.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A refresh loads reminders due within this window. At least <see cref="RefreshPeriod"/>, so every
    /// reminder is loaded by the refresh before it falls due; the margin covers one slow or failed
    /// refresh. Default 2 minutes.
    /// </summary>
    public TimeSpan LoadWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Shortest period of a periodic reminder: each tick writes its row, so anything faster belongs in
    /// a grain timer. One-shot reminders (period zero) are not limited. Default 1 minute.
    /// </summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First wait before delivering again after the grain failed a tick; doubles per failure. Default 1 second.</summary>
    public TimeSpan RetryBackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the redelivery wait. Default 1 minute.</summary>
    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromMinutes(1);
}
