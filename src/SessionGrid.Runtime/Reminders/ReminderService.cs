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
internal sealed partial class ReminderService : IReminderRegistry, IReminderServiceStatistics, IHostedService, IDisposable
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
    private long _delivered;
    private long _deliveryFailures;
    private long _lastRefreshTicks;
    private volatile bool _refreshFailing;

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

    public int HeldReminders
    {
        get
        {
            lock (_lock)
            {
                return _local.Count;
            }
        }
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);

    public DateTimeOffset? LastRefreshTime
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastRefreshTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public bool IsDegraded => _refreshFailing;

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
