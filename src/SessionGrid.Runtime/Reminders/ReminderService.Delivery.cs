using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Reminders;

internal sealed partial class ReminderService
{
    // One timer for all held reminders, armed for the earliest; a priority queue orders them. Queue
    // entries are never removed early: a stale one (rescheduled, replaced, removed) is skipped when popped.
    private readonly PriorityQueue<(LocalReminder Reminder, long Version), DateTimeOffset> _queue = new();
    private readonly ITimer _dueTimer;
    private DateTimeOffset _armedFor = DateTimeOffset.MaxValue;
    private long _scheduleSequence;
    private int _deliveries;
    private TaskCompletionSource? _idle;
    private bool _stopped;

    // Under the lock.
    private void Schedule(LocalReminder reminder, DateTimeOffset due)
    {
        reminder.Due = due;
        reminder.ScheduleVersion = ++_scheduleSequence;
        if (_stopped)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (due <= now)
        {
            StartDelivery(reminder);
            return;
        }

        _queue.Enqueue((reminder, reminder.ScheduleVersion), due);
        if (due < _armedFor)
        {
            _armedFor = due;
            _dueTimer.Change(due - now, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDueTimer()
    {
        lock (_lock)
        {
            _armedFor = DateTimeOffset.MaxValue;
            if (_stopped)
            {
                return;
            }

            var now = _time.GetUtcNow();
            while (_queue.TryPeek(out var item, out var due))
            {
                if (!IsCurrent(item.Reminder) || item.Version != item.Reminder.ScheduleVersion || item.Reminder.Delivering)
                {
                    _queue.Dequeue();
                    continue;
                }

                if (due > now)
                {
                    _armedFor = due;
                    _dueTimer.Change(due - now, Timeout.InfiniteTimeSpan);
                    return;
                }

                _queue.Dequeue();
                StartDelivery(item.Reminder);
            }
        }
    }

    // Under the lock. The delivery runs on the thread pool without the caller's execution context:
    // a registration made inside a grain turn must not carry that turn's ambient state into the call.
    private void StartDelivery(LocalReminder reminder)
    {
        reminder.Delivering = true;
        _deliveries++;
        ThreadPool.UnsafeQueueUserWorkItem(
            static s => _ = s.Service.DeliverAsync(s.Reminder),
            (Service: this, Reminder: reminder),
            preferLocal: false);
    }

    private async Task DeliverAsync(LocalReminder reminder)
    {
        ReminderEntry entry;
        lock (_lock)
        {
            entry = reminder.Entry;
        }

        try
        {
            try
            {
                var status = new TickStatus(entry.StartAt, entry.Period, entry.NextDue);
                await _router.InvokeAsync<IRemindable, (string Name, TickStatus Status)>(
                    entry.GrainId,
                    static (grain, tick) => new ValueTask(grain.ReceiveReminderAsync(tick.Name, tick.Status)),
                    (entry.Name, status)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _deliveryFailures);
                OnDeliveryFailed(reminder, entry, ex);
                return;
            }

            Interlocked.Increment(ref _delivered);

            if (entry.Period == TimeSpan.Zero)
            {
                await CompleteOneShotAsync(reminder, entry).ConfigureAwait(false);
            }
            else
            {
                await AdvancePeriodicAsync(reminder, entry).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogDeliveryCrashed(_logger, entry.GrainId.ToString(), entry.Name, ex);
            lock (_lock)
            {
                reminder.Delivering = false;
            }
        }
        finally
        {
            lock (_lock)
            {
                if (--_deliveries == 0)
                {
                    _idle?.TrySetResult();
                }
            }
        }
    }

    private void OnDeliveryFailed(LocalReminder reminder, ReminderEntry entry, Exception error)
    {
        TimeSpan retryIn;
        int attempt;
        lock (_lock)
        {
            reminder.Delivering = false;
            attempt = ++reminder.FailedAttempts;
            retryIn = Backoff(attempt);

            // The row stays; if it was replaced or removed meanwhile, that newer decision wins.
            if (IsCurrent(reminder))
            {
                Schedule(reminder, _time.GetUtcNow() + retryIn);
            }
        }

        LogDeliveryFailed(_logger, entry.GrainId.ToString(), entry.Name, attempt, retryIn, error);
    }

    private async Task CompleteOneShotAsync(LocalReminder reminder, ReminderEntry entry)
    {
        try
        {
            // Conditional: if the grain registered the reminder again while handling it, keep the new one.
            await _table.RemoveRowAsync(entry.GrainId, entry.Name, entry.ETag).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // At least once: the row stays and fires again after the next refresh.
            LogDeleteFailed(_logger, entry.GrainId.ToString(), entry.Name, ex);
        }

        lock (_lock)
        {
            reminder.Delivering = false;
            if (IsCurrent(reminder))
            {
                var key = (entry.GrainId, entry.Name);
                Touch(key);
                _local.Remove(key);
            }
        }
    }

    private async Task AdvancePeriodicAsync(LocalReminder reminder, ReminderEntry entry)
    {
        var next = NextTick(entry.NextDue, entry.Period, _time.GetUtcNow());
        var advanced = entry with { NextDue = next };
        string? etag;
        try
        {
            etag = await _table.UpsertRowAsync(advanced).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Keep ticking from memory; the row still names the old tick, which a restart delivers once more.
            LogAdvanceFailed(_logger, entry.GrainId.ToString(), entry.Name, ex);
            etag = entry.ETag;
        }

        ReminderEntry? reloaded = null;
        if (etag is null)
        {
            // Re-registered or removed meanwhile: the table has the truth.
            reloaded = await _table.ReadRowAsync(entry.GrainId, entry.Name).ConfigureAwait(false);
        }

        lock (_lock)
        {
            reminder.Delivering = false;
            reminder.FailedAttempts = 0;
            if (!IsCurrent(reminder))
            {
                return;
            }

            var key = (entry.GrainId, entry.Name);
            var stamp = Touch(key);
            var row = etag is null ? reloaded : advanced with { ETag = etag };
            if (row is null || !ShouldHold(row))
            {
                _local.Remove(key);
                return;
            }

            if (etag is null)
            {
                var fresh = new LocalReminder(row, stamp);
                _local[key] = fresh;
                Schedule(fresh, row.NextDue);
                return;
            }

            reminder.Entry = row;
            reminder.Stamp = stamp;
            Schedule(reminder, row.NextDue);
        }
    }

    // Under the lock: stops firing and returns a task that completes when no delivery is running.
    private Task StopDeliveries()
    {
        lock (_lock)
        {
            _stopped = true;
            _dueTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (_deliveries == 0)
            {
                return Task.CompletedTask;
            }

            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    // Under the lock.
    private bool IsCurrent(LocalReminder reminder)
        => _local.TryGetValue((reminder.Entry.GrainId, reminder.Entry.Name), out var held) && ReferenceEquals(held, reminder);

    private TimeSpan Backoff(int attempt)
    {
        var ticks = _options.RetryBackoffInitial.Ticks * Math.Pow(2, Math.Clamp(attempt, 1, 32) - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, _options.RetryBackoffMax.Ticks));
    }

    /// <summary>The first tick after <paramref name="now"/>: missed ticks are skipped, not replayed.</summary>
    internal static DateTimeOffset NextTick(DateTimeOffset due, TimeSpan period, DateTimeOffset now)
    {
        if (due > now)
        {
            return due + period;
        }

        var missed = (now - due).Ticks / period.Ticks;
        return due + TimeSpan.FromTicks(period.Ticks * (missed + 1));
    }
}
