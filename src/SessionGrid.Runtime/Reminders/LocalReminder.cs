namespace SessionGrid.Runtime.Reminders;

/// <summary>A reminder this silo holds in memory to fire on time. Guarded by the service's lock.</summary>
internal sealed class LocalReminder(ReminderEntry entry, long stamp)
{
    /// <summary>The row as last read or written; its ETag makes the follow-up table writes conditional.</summary>
    public ReminderEntry Entry { get; set; } = entry;

    /// <summary>The service's change number when this was last loaded or changed.</summary>
    public long Stamp { get; set; } = stamp;

    /// <summary>Identifies the current queue entry; older queue entries of this reminder are stale.</summary>
    public long ScheduleVersion { get; set; }

    public DateTimeOffset Due { get; set; }

    public int FailedAttempts { get; set; }

    /// <summary>Handed to the grain and not finished: never delivered twice at once.</summary>
    public bool Delivering { get; set; }
}
