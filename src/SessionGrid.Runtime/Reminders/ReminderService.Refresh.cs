using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Reminders;

// Refresh: read what falls due soon in this silo's ranges and reconcile it with what is held.
internal sealed partial class ReminderService
{
    /// <summary>Loads the rows of this silo's ranges that fall due within the load window and reconciles.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long startStamp;
            lock (_lock)
            {
                startStamp = _changeSequence;
            }

            var dueBefore = _time.GetUtcNow() + _options.LoadWindow;
            var rows = new List<ReminderEntry>();
            try
            {
                foreach (var range in _ranges.GetLocalRanges())
                {
                    rows.AddRange(await _table.ReadDueRowsAsync(range, dueBefore, cancellationToken).ConfigureAwait(false));
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _refreshFailing = true;
                throw;
            }

            int added;
            int removed;
            lock (_lock)
            {
                (added, removed) = Reconcile(rows, startStamp);
            }

            Interlocked.Exchange(ref _lastRefreshTicks, _time.GetUtcNow().UtcTicks);
            _refreshFailing = false;
            LogRefreshed(_logger, rows.Count, added, removed);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task RefreshSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reminders already held keep firing; the next refresh tries again.
            LogRefreshFailed(_logger, ex);
        }
    }

    // Under the lock.
    private (int Added, int Removed) Reconcile(List<ReminderEntry> rows, long startStamp)
    {
        var added = 0;
        var seen = new HashSet<(GrainId, string)>(rows.Count);
        foreach (var row in rows)
        {
            var key = (row.GrainId, row.Name);
            seen.Add(key);
            if (_touched.TryGetValue(key, out var touchedAt) && touchedAt > startStamp)
            {
                continue;
            }

            if (_local.TryGetValue(key, out var held) && held.Entry.ETag == row.ETag)
            {
                continue;
            }

            var reminder = new LocalReminder(row, startStamp);
            _local[key] = reminder;
            Schedule(reminder, row.NextDue);
            added++;
        }

        // Held, not changed since the refresh began, and no longer due soon in our ranges: removed or
        // moved elsewhere (by another silo, or to another range owner).
        List<(GrainId, string)>? stale = null;
        foreach (var (key, reminder) in _local)
        {
            if (reminder.Stamp <= startStamp && !seen.Contains(key))
            {
                (stale ??= []).Add(key);
            }
        }

        foreach (var key in stale ?? [])
        {
            _local.Remove(key);
        }

        List<(GrainId, string)>? settled = null;
        foreach (var (key, stamp) in _touched)
        {
            if (stamp <= startStamp)
            {
                (settled ??= []).Add(key);
            }
        }

        foreach (var key in settled ?? [])
        {
            _touched.Remove(key);
        }

        return (added, stale?.Count ?? 0);
    }
}
