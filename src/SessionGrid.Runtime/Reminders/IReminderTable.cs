using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Reminders;

/// <summary>
/// Durable reminder rows, unique on (grain id, name), each with an integer version as ETag. Shaped so a
/// SQL table with an index on (grain hash, next due) implements every call with one statement.
/// </summary>
public interface IReminderTable
{
    /// <summary>The row, or null when there is none.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken = default);

    /// <summary>Rows whose <see cref="ReminderEntry.GrainHash"/> is in <paramref name="range"/> and whose <see cref="ReminderEntry.NextDue"/> is earlier than <paramref name="dueBefore"/>.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadDueRowsAsync(ReminderHashRange range, DateTimeOffset dueBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the row and returns its new ETag. With a null <see cref="ReminderEntry.ETag"/> it inserts or
    /// replaces unconditionally (registration: the newest registration wins); otherwise it writes only if
    /// the stored version equals that ETag, and returns null when it does not (changed or removed meanwhile).
    /// </summary>
    Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the row, unconditionally when <paramref name="eTag"/> is null, else only if the stored version
    /// equals it. Returns whether a row was deleted.
    /// </summary>
    Task<bool> RemoveRowAsync(GrainId grainId, string name, string? eTag, CancellationToken cancellationToken = default);
}
