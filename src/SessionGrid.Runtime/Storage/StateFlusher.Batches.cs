using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Storage;

internal sealed partial class StateFlusher
{
    private readonly SemaphoreSlim _batchGate = new(1, 1);

    // Used only while holding _batchGate.
    private readonly List<PendingWrite> _batch = [];
    private readonly Dictionary<IGrainStorage, List<PendingWrite>> _groups = new(ReferenceEqualityComparer.Instance);
    private readonly List<PendingWrite> _retry = [];

    private long _batches;
    private long _rows;
    private long _failures;
    private long _conflicts;
    private long _lastFlushTicks;
    private int _consecutiveFailures;
    private volatile bool _degraded;
    private TaskCompletionSource _degradedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int DirtyCount => _dirty.Count;

    public int PendingWrites => _pending.Count;

    public long BatchesWritten => Interlocked.Read(ref _batches);

    public long RowsWritten => Interlocked.Read(ref _rows);

    public long WriteFailures => Interlocked.Read(ref _failures);

    public long Conflicts => Interlocked.Read(ref _conflicts);

    public long ShedWrites => _pending.ShedCount;

    public DateTimeOffset? LastFlushTime
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastFlushTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public bool IsDegraded => _degraded;

    public Task WhenDegraded => Volatile.Read(ref _degradedSignal).Task;

    internal void OnClearConflict(FlushableState state, InconsistentStateException conflict)
    {
        Interlocked.Increment(ref _conflicts);
        FailOnConflict(state, conflict);
    }

    /// <summary>Writes the oldest pending snapshots, one provider call per provider among them.</summary>
    private async Task<BatchOutcome> WriteNextBatchAsync(CancellationToken cancellationToken)
    {
        await _batchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pending.TakeBatch(_batch, _options.MaxBatchSize) == 0)
            {
                return BatchOutcome.Empty;
            }

            var storage = _batch[0].State.Storage;
            var single = true;
            foreach (var entry in _batch)
            {
                single &= ReferenceEquals(entry.State.Storage, storage);
            }

            if (single)
            {
                await WriteGroupAsync(storage, _batch, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                foreach (var entry in _batch)
                {
                    if (!_groups.TryGetValue(entry.State.Storage, out var group))
                    {
                        _groups.Add(entry.State.Storage, group = []);
                    }

                    group.Add(entry);
                }

                foreach (var (groupStorage, group) in _groups)
                {
                    await WriteGroupAsync(groupStorage, group, cancellationToken).ConfigureAwait(false);
                }
            }

            if (_retry.Count > 0)
            {
                _pending.Requeue(_retry);
                return BatchOutcome.Failed;
            }

            if (_degraded)
            {
                _degraded = false;
                Volatile.Write(ref _degradedSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                LogRecovered(_logger, _consecutiveFailures);
            }

            _consecutiveFailures = 0;
            return BatchOutcome.Written;
        }
        finally
        {
            _batch.Clear();
            _groups.Clear();
            _retry.Clear();
            _batchGate.Release();
        }
    }

    private async Task WriteGroupAsync(IGrainStorage storage, List<PendingWrite> entries, CancellationToken cancellationToken)
    {
        // The expected version is read now, not at snapshot time: the previous batch may have moved it.
        var writes = new GrainStateWrite[entries.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            var state = entries[i].State;
            writes[i] = new GrainStateWrite(state.StateName, state.Context.GrainId, state.StateType, entries[i].Snapshot, state.CurrentETag);
        }

        Exception? batchError = null;
        try
        {
            await storage.WriteBatchAsync(writes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            batchError = ex;
        }

        Interlocked.Increment(ref _batches);
        var written = 0;
        var failed = 0;
        Exception? firstError = batchError;
        for (var i = 0; i < writes.Length; i++)
        {
            var entry = entries[i];
            var write = writes[i];

            // Results a provider set before throwing are real: honour them.
            if (write is { Error: null, NewETag: { } newETag })
            {
                entry.State.OnWritten(newETag, entry.Sequence);
                _pending.Detach(entry);
                entry.Complete();
                written++;
            }
            else if (write.Error is InconsistentStateException conflict)
            {
                _pending.Detach(entry);
                Interlocked.Increment(ref _conflicts);
                LogConflict(_logger, entry.State.StateName, write.GrainId.ToString(), write.ExpectedETag, conflict.StoredEtag);

                // Deactivation first: once the caller sees the exception, no later call may reach
                // this activation with its unwritten state.
                FailOnConflict(entry.State, conflict);
                entry.Fail(conflict);
            }
            else
            {
                // Transient: keep the snapshot; its write-throughs stay pending until it is durable.
                firstError ??= write.Error;
                _retry.Add(entry);
                failed++;
            }
        }

        Interlocked.Add(ref _rows, written);
        if (written > 0)
        {
            Interlocked.Exchange(ref _lastFlushTicks, _time.GetUtcNow().UtcTicks);
        }

        if (failed > 0)
        {
            Interlocked.Add(ref _failures, failed);
            _consecutiveFailures++;
            _degraded = true;
            Volatile.Read(ref _degradedSignal).TrySetResult();
            LogBatchFailed(_logger, failed, writes.Length, storage.GetType().Name, _consecutiveFailures, firstError);
        }
    }

    // A newer snapshot of the same state would conflict as well: drop it and fail its waiters, then
    // let the activation go; the next activation reads the current version.
    private void FailOnConflict(FlushableState state, InconsistentStateException conflict)
    {
        state.OnConflict();
        _pending.RemoveQueued(state)?.Fail(conflict);
        try
        {
            state.Context.Deactivate(DeactivationReason.StateConflict);
        }
        catch (Exception ex)
        {
            LogDeactivateFailed(_logger, state.Context.GrainId.ToString(), ex);
        }
    }

    private TimeSpan NextBackoff()
    {
        var failures = Math.Clamp(Volatile.Read(ref _consecutiveFailures), 1, 32);
        var ticks = _options.RetryBackoffInitial.Ticks * Math.Pow(2, failures - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, _options.RetryBackoffMax.Ticks));
    }
}
