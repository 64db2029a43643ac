namespace SessionGrid.Runtime.Reminders;

/// <summary>What a reminder tick knows about itself.</summary>
/// <param name="FirstTickTime">When the reminder was first due.</param>
/// <param name="Period">Its period; <see cref="TimeSpan.Zero"/> for a one-shot reminder.</param>
/// <param name="CurrentTickTime">When this tick was due (it may be delivered later).</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
