using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace SessionGrid.Grains.Storage;

// The single writer: what is queued while a batch is in flight goes in the next batch (group commit).
public sealed partial class SessionGrainStorage
{
    private async Task WriteLoopAsync()
    {
        while (true)
        {
            Task? wake = null;
            var hold = TimeSpan.Zero;
            lock (_lock)
            {
                // Writes that failed transiently are still in _batch and go first, in order.
                while (_batch.Count < _options.MaxBatchSize && _queue.TryDequeue(out var next))
                {
                    _batch.Add(next);
                }

                if (_batch.Count == 0)
                {
                    _writing = false;
                    _hurry = false;
                    _idle.TrySetResult();
                    return;
                }

                hold = HoldFor();
                if (hold > TimeSpan.Zero)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wake = _wake.Task;
                }
                else
                {
                    _hurry = false;
                }
            }

            try
            {
                if (wake is not null)
                {
                    // More rows may come meanwhile; the next pass takes them.
                    await Task.WhenAny(wake, Task.Delay(hold, _time, _abort.Token)).ConfigureAwait(false);
                    lock (_lock)
                    {
                        _wake = null;
                    }

                    _abort.Token.ThrowIfCancellationRequested();
                    continue;
                }

                if (!await WriteBatchAsync().ConfigureAwait(false))
                {
                    await Task.Delay(NextBackoff(), _time, _abort.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                FailEverything(new OperationCanceledException("The session store stopped before this write was durable."));
                return;
            }
            catch (Exception ex)
            {
                // The writer must outlive any bug in a store, without spinning on it.
                LogLoopFailed(_logger, ex);
                _consecutiveFailures++;
                try
                {
                    await Task.Delay(NextBackoff(), _time, _abort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    FailEverything(new OperationCanceledException("The session store stopped before this write was durable."));
                    return;
                }
            }
        }
    }

    /// <summary>One round trip for the whole batch; false when some rows failed transiently and stay in the batch.</summary>
    private async Task<bool> WriteBatchAsync()
    {
        var writes = new SessionStateWrite[_batch.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = _batch[i].Write;
        }

        Exception? batchError = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _store.WriteBatchAsync(writes, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_abort.IsCancellationRequested)
        {
            batchError = ex;
        }

        _metrics.Batch(writes.Length, Stopwatch.GetElapsedTime(started));

        Interlocked.Increment(ref _batches);
        var written = 0;
        var retry = 0;
        var firstError = batchError;
        for (var i = 0; i < _batch.Count; i++)
        {
            var queued = _batch[i];
            var write = queued.Write;

            // Results a store set before throwing are real: honour them.
            if (write is { Error: null, NewETag: not null })
            {
                queued.Completion.TrySetResult();
                written++;
            }
            else if (write.Error is InconsistentStateException conflict)
            {
                Interlocked.Increment(ref _conflicts);
                LogConflict(_logger, write.SessionId, write.ExpectedETag, conflict.StoredEtag);
                queued.Completion.TrySetException(conflict);
            }
            else
            {
                firstError ??= write.Error;
                _batch[retry++] = queued;
                continue;
            }

            Interlocked.Decrement(ref _pending);
        }

        _batch.RemoveRange(retry, _batch.Count - retry);
        Interlocked.Add(ref _rows, written);
        if (written > 0)
        {
            Interlocked.Exchange(ref _lastFlushTicks, _time.GetUtcNow().UtcTicks);
        }

        if (retry > 0)
        {
            Interlocked.Add(ref _failures, retry);
            _consecutiveFailures++;
            _degraded = true;
            Volatile.Read(ref _degradedSignal).TrySetResult();
            LogBatchFailed(_logger, retry, writes.Length, _consecutiveFailures, firstError);
            return false;
        }

        if (_degraded)
        {
            _degraded = false;
            Volatile.Write(ref _degradedSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            LogRecovered(_logger, _consecutiveFailures);
        }

        _consecutiveFailures = 0;
        if (Interlocked.Exchange(ref _shedding, 0) == 1)
        {
            LogShed(_logger, ShedWrites);
        }

        return true;
    }

    /// <summary>
    /// How much longer the batch in hand may wait for more write-behind rows (under the lock): zero unless
    /// the store batches, the batch holds write-behind only and has room, and nobody asked for a send.
    /// </summary>
    private TimeSpan HoldFor()
    {
        if (!_store.BatchesWriteBehind || _hurry || _batch.Count >= _options.MaxBatchSize)
        {
            return TimeSpan.Zero;
        }

        foreach (var queued in _batch)
        {
            if (!queued.Behind)
            {
                return TimeSpan.Zero;
            }
        }

        // Retried rows come first and are the oldest: a batch that failed goes without waiting.
        return _options.WriteBehindWindow - _time.GetElapsedTime(_batch[0].Enqueued);
    }

    private void FailEverything(Exception error)
    {
        lock (_lock)
        {
            foreach (var queued in _batch)
            {
                queued.Completion.TrySetException(error);
            }

            while (_queue.TryDequeue(out var queued))
            {
                queued.Completion.TrySetException(error);
            }

            _batch.Clear();
            _pending = 0;
            _writing = false;
            _idle.TrySetResult();
        }
    }

    private TimeSpan NextBackoff()
    {
        var failures = Math.Clamp(_consecutiveFailures, 1, 32);
        var ticks = _options.RetryBackoffInitial.Ticks * Math.Pow(2, failures - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, _options.RetryBackoffMax.Ticks));
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Session write failed for {Failed} of {Rows} rows (failure {Attempt} in a row); the writes stay queued and are retried")]
    private static partial void LogBatchFailed(ILogger logger, int failed, int rows, int attempt, Exception? error);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Session storage recovered after {Failures} failed batches")]
    private static partial void LogRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Session {SessionId}: version conflict (expected {ExpectedETag}, stored {StoredETag}); its activation is fenced out")]
    private static partial void LogConflict(ILogger logger, string sessionId, string? expectedETag, string? storedETag);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Pending session writes reached {Capacity}: counter updates are shed (the sessions stay dirty; transitions are kept)")]
    private static partial void LogSheddingStarted(ILogger logger, int capacity);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Session writes flow again; {Total} counter updates were shed in all")]
    private static partial void LogShed(ILogger logger, long total);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Error, Message = "Session writer failed; it keeps running")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);
}
