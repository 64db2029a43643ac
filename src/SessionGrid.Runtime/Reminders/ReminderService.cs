using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Reminders;

/// <summary>
/// Durable reminders of this silo. Every <see cref="ReminderOptions.RefreshPeriod"/> it loads the rows of
/// its hash ranges due within <see cref="ReminderOptions.LoadWindow"/> and fires them on time through the
/// call router, which activates the grain if needed. Delivery is at least once: a one-shot row is deleted
/// only after the grain handled it, a failed delivery is retried with backoff, and rows left behind by a
/// crash are overdue at the next start and fire then.
/// </summary>
internal sealed partial class ReminderService : IReminderRegistry, IHostedService, IDisposable
{
    private readonly IReminderTable _table;
    private readonly IGrainCallRouter _router;
    private readonly IReminderRangeProvider _ranges;
    private readonly ReminderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReminderService> _logger;
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId GrainId, string Name), LocalReminder> _local = [];

    // Keys changed here (registered, removed, advanced) since a refresh began: a refresh must not
    // overwrite them with the older rows it read.
    private readonly Dictionary<(GrainId GrainId, string Name), long> _touched = [];
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private ITimer? _refreshTimer;
    private long _changeSequence;

    public ReminderService(
        IReminderTable table,
        IGrainCallRouter router,
        IReminderRangeProvider ranges,
        IOptions<ReminderOptions> options,
        TimeProvider timeProvider,
        ILogger<ReminderService> logger)
    {
        _table = table;
        _router = router;
        _ranges = ranges;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _dueTimer = _time.CreateTimer(static s => ((ReminderService)s!).OnDueTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public async Task<IGrainReminder> RegisterOrUpdateReminderAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("A reminder needs a grain id.", nameof(grainId));
        }

        ArgumentException.ThrowIfNullOrEmpty(name);
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), "A reminder must have a finite due time.");
        }

        if (period < TimeSpan.Zero || (period > TimeSpan.Zero && period < _options.MinimumPeriod))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"A period must be zero (one-shot) or at least {_options.MinimumPeriod}.");
        }

        // A deadline already past (computed by the grain, maybe across clock skew) means now.
        var start = _time.GetUtcNow() + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
        var entry = new ReminderEntry(grainId, name, start, start, period, ETag: null);
        var etag = await _table.UpsertRowAsync(entry, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The reminder table refused an unconditional write of '{name}' of {grainId}.");
        entry = entry with { ETag = etag };
        lock (_lock)
        {
            var key = (grainId, name);
            var stamp = Touch(key);
            _local.Remove(key);

            // Due before the next refresh would load it: hold it now, or it would fire late.
            if (ShouldHold(entry))
            {
                var reminder = new LocalReminder(entry, stamp);
                _local[key] = reminder;
                Schedule(reminder, entry.NextDue);
            }
        }

        return GrainReminder.From(entry);
    }

    public async Task UnregisterReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _table.RemoveRowAsync(grainId, name, eTag: null, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var key = (grainId, name);
            Touch(key);
            _local.Remove(key);
        }
    }

    public async Task<IGrainReminder?> GetReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var row = await _table.ReadRowAsync(grainId, name, cancellationToken).ConfigureAwait(false);
        return row is null ? null : GrainReminder.From(row);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Overdue rows (left by a crash or a stop) are loaded here and fire right away.
        await RefreshSafelyAsync(cancellationToken).ConfigureAwait(false);
        _refreshTimer = _time.CreateTimer(
            static s => ThreadPool.UnsafeQueueUserWorkItem(static service => _ = service.RefreshSafelyAsync(CancellationToken.None), (ReminderService)s!, preferLocal: false),
            this,
            _options.RefreshPeriod,
            _options.RefreshPeriod);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _refreshTimer?.Dispose();
        var idle = StopDeliveries();
        try
        {
            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogStopIncomplete(_logger, Volatile.Read(ref _deliveries));
        }
    }

    public void Dispose()
    {
        _refreshTimer?.Dispose();
        _dueTimer.Dispose();
    }

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
            foreach (var range in _ranges.GetLocalRanges())
            {
                rows.AddRange(await _table.ReadDueRowsAsync(range, dueBefore, cancellationToken).ConfigureAwait(false));
            }

            int added;
            int removed;
            lock (_lock)
            {
                (added, removed) = Reconcile(rows, startStamp);
            }

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

    // Under the lock.
    private long Touch((GrainId, string) key)
    {
        var stamp = ++_changeSequence;
        _touched[key] = stamp;
        return stamp;
    }

    // Under the lock: whether this silo should hold the row in memory now.
    private bool ShouldHold(ReminderEntry entry)
        => entry.NextDue < _time.GetUtcNow() + _options.LoadWindow && IsLocal(entry.GrainHash);

    private bool IsLocal(uint hash)
    {
        foreach (var range in _ranges.GetLocalRanges())
        {
            if (range.Contains(hash))
            {
                return true;
            }
        }

        return false;
    }
}
