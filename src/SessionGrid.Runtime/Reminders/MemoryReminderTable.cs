using System.Globalization;
using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Reminders;

/// <summary>
/// The embedded default <see cref="IReminderTable"/>: rows in a dictionary with real version checks.
/// It lives as long as the process, so it survives a reminder service restart, not a silo restart.
/// </summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId GrainId, string Name), StoredRow> _rows = [];

    /// <summary>Number of rows.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue((grainId, name), out var row) ? row.ToEntry() : null);
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadDueRowsAsync(ReminderHashRange range, DateTimeOffset dueBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = new List<ReminderEntry>();
        lock (_lock)
        {
            foreach (var row in _rows.Values)
            {
                if (row.Entry.NextDue < dueBefore && range.Contains(row.Hash))
                {
                    result.Add(row.ToEntry());
                }
            }
        }

        return Task.FromResult<IReadOnlyList<ReminderEntry>>(result);
    }

    public Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (entry.GrainId, entry.Name);
        lock (_lock)
        {
            var exists = _rows.TryGetValue(key, out var stored);
            if (entry.ETag is not null && (!exists || !Matches(stored!, entry.ETag)))
            {
                return Task.FromResult<string?>(null);
            }

            var version = (exists ? stored!.Version : 0) + 1;
            _rows[key] = new StoredRow(entry with { ETag = null }, entry.GrainHash, version);
            return Task.FromResult<string?>(Format(version));
        }
    }

    public Task<bool> RemoveRowAsync(GrainId grainId, string name, string? eTag, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = (grainId, name);
        lock (_lock)
        {
            if (!_rows.TryGetValue(key, out var stored) || (eTag is not null && !Matches(stored, eTag)))
            {
                return Task.FromResult(false);
            }

            _rows.Remove(key);
            return Task.FromResult(true);
        }
    }

    private static bool Matches(StoredRow stored, string eTag)
        => long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version == stored.Version;

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    private sealed record StoredRow(ReminderEntry Entry, uint Hash, long Version)
    {
        public ReminderEntry ToEntry() => Entry with { ETag = Format(Version) };
    }
}
