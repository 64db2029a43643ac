namespace SessionGrid.Runtime.Reminders;

/// <summary>A registered durable reminder.</summary>
public interface IGrainReminder
{
    string ReminderName { get; }

    /// <summary>When the reminder is next due.</summary>
    DateTimeOffset NextDue { get; }

    /// <summary>Its period; <see cref="TimeSpan.Zero"/> for a one-shot reminder, removed once delivered.</summary>
    TimeSpan Period { get; }
}
