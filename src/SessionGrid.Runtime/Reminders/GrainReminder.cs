namespace SessionGrid.Runtime.Reminders;

/// <summary>What a grain learns about a reminder it registered.</summary>
internal sealed record GrainReminder(string ReminderName, DateTimeOffset NextDue, TimeSpan Period) : IGrainReminder
{
    public static GrainReminder From(ReminderEntry entry) => new(entry.Name, entry.NextDue, entry.Period);
}
