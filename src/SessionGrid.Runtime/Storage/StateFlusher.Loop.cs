namespace SessionGrid.Runtime.Storage;

// The background loop, snapshot rounds and draining: who writes, and when.
internal sealed partial class StateFlusher
{
    private async Task RunAsync(CancellationToken stopping)
    {
        var reader = _wake.Reader;
        while (true)
        {
            try
            {
                await reader.WaitToReadAsync(stopping).ConfigureAwait(false);
                reader.TryRead(out _);
                if (Interlocked.Exchange(ref _tickDue, 0) == 1)
                {
                    ReportShedding();
                    var round = BeginSnapshotRound();
                    if (!round.IsComplete)
                    {
                        // Write when the round completes (it wakes us), so its snapshots share batches;
                        // but busy activations must not hold back the snapshots already taken for long.
                        _roundTimer?.Change(_options.SnapshotTimeout, Timeout.InfiniteTimeSpan);
                        continue;
                    }
                }

                var outcome = await WriteNextBatchAsync(_abortWrites.Token).ConfigureAwait(false);
                if (outcome == BatchOutcome.Failed)
                {
                    // ForceYielding: the delay completes inside a timer callback; do not write from there.
                    await Task.Delay(NextBackoff(), _time, stopping).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                }

                if (outcome != BatchOutcome.Empty)
                {
                    Wake();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested || _abortWrites.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The loop must outlive any bug in a provider or a grain context.
                LogLoopFailed(_logger, ex);
            }
        }
    }

    private SnapshotRound BeginSnapshotRound()
    {
        var round = new SnapshotRound(this);
        var count = _dirty.Count;
        while (count-- > 0 && _dirty.TryDequeue(out var state))
        {
            if (state.IsDeactivated || state.IsConflicted)
            {
                continue;
            }

            round.Add();
            state.ScheduleSnapshot(round);
        }

        round.Seal();
        return round;
    }

    /// <summary>Writes until nothing is queued, waiting out failures with backoff.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var outcome = await WriteNextBatchAsync(cancellationToken).ConfigureAwait(false);
            if (outcome == BatchOutcome.Empty)
            {
                return;
            }

            if (outcome == BatchOutcome.Failed)
            {
                await Task.Delay(NextBackoff(), _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }
        }
    }

    // Without the background loop (before start, after stop) a write-through must not wait for
    // nobody: one inline driver at a time drains the queue on the thread pool. Unsafe: the caller's
    // execution context (a grain turn's ambient state) must not flow into the writer.
    private void DriveInline()
    {
        if (Interlocked.CompareExchange(ref _inlineDriver, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static flusher => _ = flusher.RunInlineAsync(), this, preferLocal: false);
        }
    }

    private async Task RunInlineAsync()
    {
        try
        {
            do
            {
                await DrainAsync(_abortWrites.Token).ConfigureAwait(false);
                Volatile.Write(ref _inlineDriver, 0);
            }
            while (_pending.QueuedCount > 0 && Interlocked.CompareExchange(ref _inlineDriver, 1, 0) == 0);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _inlineDriver, 0);
            if (ex is not OperationCanceledException)
            {
                LogLoopFailed(_logger, ex);
            }
        }
    }

    private void OnShed()
    {
        if (Interlocked.Exchange(ref _shedding, 1) == 0)
        {
            LogSheddingStarted(_logger, _options.MaxPendingWrites);
        }
    }

    private void ReportShedding()
    {
        var shed = _pending.ShedCount;
        if (shed > _shedReported)
        {
            LogShed(_logger, shed - _shedReported, shed, _options.MaxPendingWrites);
            _shedReported = shed;
        }
        else
        {
            // A whole interval without shedding: the next episode is announced again.
            Volatile.Write(ref _shedding, 0);
        }
    }
}
