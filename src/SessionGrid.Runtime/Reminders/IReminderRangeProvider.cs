namespace SessionGrid.Runtime.Reminders;

/// <summary>
/// Which part of the hash ring this silo serves reminders for. The default serves the full ring (one
/// silo); cluster membership replaces it and the ranges move at the next reminder refresh.
/// </summary>
public interface IReminderRangeProvider
{
    /// <summary>The ranges owned now; read at every refresh and registration. Empty: none.</summary>
    IReadOnlyList<ReminderHashRange> GetLocalRanges();
}
