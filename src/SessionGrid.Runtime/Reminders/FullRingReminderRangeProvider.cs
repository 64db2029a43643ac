namespace SessionGrid.Runtime.Reminders;

/// <summary>A single silo owns every reminder.</summary>
internal sealed class FullRingReminderRangeProvider : IReminderRangeProvider
{
    private static readonly ReminderHashRange[] FullRing = [ReminderHashRange.FullRing];

    public IReadOnlyList<ReminderHashRange> GetLocalRanges() => FullRing;
}
