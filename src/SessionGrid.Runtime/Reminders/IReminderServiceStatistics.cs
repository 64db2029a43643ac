namespace SessionGrid.Runtime.Reminders;

/// <summary>Counters of the silo's reminder service, for health checks, metrics and the dashboard.</summary>
public interface IReminderServiceStatistics
{
    /// <summary>Reminders held in memory to fire: in this silo's ranges and due within the load window.</summary>
    int HeldReminders { get; }

    /// <summary>Ticks the grains handled.</summary>
    long Delivered { get; }

    /// <summary>Ticks whose handler failed (each is retried with backoff).</summary>
    long DeliveryFailures { get; }

    /// <summary>When the reminder table was last read successfully; null if never.</summary>
    DateTimeOffset? LastRefreshTime { get; }

    /// <summary>True while reading the reminder table fails: held reminders still fire, new ones are not loaded.</summary>
    bool IsDegraded { get; }
}
