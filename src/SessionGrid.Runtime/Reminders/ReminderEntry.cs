using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Reminders;

/// <summary>One row of an <see cref="IReminderTable"/>; unique on (<see cref="GrainId"/>, <see cref="Name"/>).</summary>
/// <param name="GrainId">The grain the reminder wakes.</param>
/// <param name="Name">The reminder's name within the grain.</param>
/// <param name="StartAt">When it was first due (<see cref="TickStatus.FirstTickTime"/>).</param>
/// <param name="NextDue">When it is next due.</param>
/// <param name="Period">Time between ticks; <see cref="TimeSpan.Zero"/> for a one-shot reminder.</param>
/// <param name="ETag">The row's integer version as a string; null for a row not read from a table.</param>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset StartAt, DateTimeOffset NextDue, TimeSpan Period, string? ETag)
{
    /// <summary>
    /// <see cref="Core.GrainId.GetUniformHashCode"/> of the grain: tables store and index it so a silo
    /// can load the reminders of its hash ranges only.
    /// </summary>
    public uint GrainHash => GrainId.GetUniformHashCode();
}
