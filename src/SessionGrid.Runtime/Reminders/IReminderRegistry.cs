using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Reminders;

/// <summary>Registers durable reminders for grains; <see cref="Grain"/> exposes it to grain code.</summary>
public interface IReminderRegistry
{
    /// <summary>Creates or replaces reminder <paramref name="name"/>. A zero period makes a one-shot reminder.</summary>
    Task<IGrainReminder> RegisterOrUpdateReminderAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default);

    /// <summary>Removes the reminder; removing one that does not exist is not an error.</summary>
    Task UnregisterReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken = default);

    Task<IGrainReminder?> GetReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken = default);
}
