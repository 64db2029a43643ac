using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Tests.Storage;

namespace SessionGrid.Runtime.Tests.Reminders;

/// <summary>A <see cref="MemoryReminderTable"/> whose writes tests can await.</summary>
internal sealed class RecordingReminderTable : IReminderTable
{
    public MemoryReminderTable Inner { get; } = new();

    public AwaitableCounter Upserts { get; } = new();

    public AwaitableCounter Removes { get; } = new();

    public AwaitableCounter DueReads { get; } = new();

    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
        => Inner.ReadRowAsync(grainId, name, cancellationToken);

    /// <summary>While set, reading due rows fails like a database that is down.</summary>
    public volatile bool FailReads;

    public async Task<IReadOnlyList<ReminderEntry>> ReadDueRowsAsync(ReminderHashRange range, DateTimeOffset dueBefore, CancellationToken cancellationToken = default)
    {
        if (FailReads)
        {
            throw new IOException("Reminder table is down.");
        }

        var rows = await Inner.ReadDueRowsAsync(range, dueBefore, cancellationToken);
        DueReads.Add();
        return rows;
    }

    public async Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        var etag = await Inner.UpsertRowAsync(entry, cancellationToken);
        Upserts.Add();
        return etag;
    }

    public async Task<bool> RemoveRowAsync(GrainId grainId, string name, string? eTag, CancellationToken cancellationToken = default)
    {
        var removed = await Inner.RemoveRowAsync(grainId, name, eTag, cancellationToken);
        Removes.Add();
        return removed;
    }
}
