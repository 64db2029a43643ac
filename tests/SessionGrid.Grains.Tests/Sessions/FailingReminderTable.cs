using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;

namespace SessionGrid.Grains.Tests.Sessions;

/// <summary>An in-memory reminder table whose writes fail while <see cref="Failing"/> is set (a table that is down).</summary>
internal sealed class FailingReminderTable : IReminderTable
{
    private readonly MemoryReminderTable _inner = new();

    public volatile bool Failing;

    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
        => _inner.ReadRowAsync(grainId, name, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadDueRowsAsync(ReminderHashRange range, DateTimeOffset dueBefore, CancellationToken cancellationToken = default)
        => _inner.ReadDueRowsAsync(range, dueBefore, cancellationToken);

    public Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
        => Failing ? throw new IOException("reminder table unreachable") : _inner.UpsertRowAsync(entry, cancellationToken);

    public Task<bool> RemoveRowAsync(GrainId grainId, string name, string? eTag, CancellationToken cancellationToken = default)
        => Failing ? throw new IOException("reminder table unreachable") : _inner.RemoveRowAsync(grainId, name, eTag, cancellationToken);
}
