using SessionGrid.Runtime.Reminders;

namespace SessionGrid.Runtime.Tests.Reminders;

/// <summary>Ranges a test can move, as membership would.</summary>
internal sealed class MutableRangeProvider(params ReminderHashRange[] ranges) : IReminderRangeProvider
{
    private volatile ReminderHashRange[] _ranges = ranges;

    public void Set(params ReminderHashRange[] ranges) => _ranges = ranges;

    public IReadOnlyList<ReminderHashRange> GetLocalRanges() => _ranges;
}
