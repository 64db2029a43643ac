namespace SessionGrid.Runtime.Core;

/// <summary>
/// Activation and deactivation, each run as a turn of the mailbox: the first turn constructs the
/// grain, runs the participants (state load) then OnActivateAsync; the last one runs the
/// participants (state write) then OnDeactivateAsync. A failed activation is never exposed.
/// </summary>
internal sealed partial class ActivationData
{
    private async ValueTask ActivateAsync()
    {
        var cancellationToken = _catalog.StoppingToken;
        try
        {
            _scope = _catalog.ScopeFactory.CreateScope();

            // Synchronous, before any await: the constructor finds this context in a thread-static.
            _grain = _grainClass.Create(this, _scope.ServiceProvider);

            for (var i = 0; GetParticipant(i) is { } participant; i++)
            {
                await participant.OnActivatingAsync(cancellationToken).ConfigureAwait(false);
            }

            await _grain.OnActivateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _grain = null;
            DisposeTimers();
            await DisposeScopeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OnActivated(long now)
    {
        bool track;
        lock (_queue)
        {
            _state = ActivationState.Valid;
            track = !_keepAlive && !_deactivationRequested;
        }

        Volatile.Write(ref _lastUse, now);
        if (track)
        {
            _catalog.Collector.Track(this);
        }
    }

    private void OnActivationFailed(Exception error)
    {
        var items = Invalidate();
        CatalogLog.ActivationFailed(_catalog.Logger, GrainId, items.Length, error);

        // Queued calls fail (one exception each: they are rethrown on different threads); later
        // calls no longer find this activation and create a fresh one.
        foreach (var item in items)
        {
            Drop(item, new GrainActivationException(GrainId, error));
        }

        SignalDeactivated();
    }

    private async ValueTask DeactivateAsync()
    {
        DeactivationReason reason;
        lock (_queue)
        {
            reason = _deactivationReason;
        }

        // First, so that no tick is queued behind this turn only to be dropped.
        DisposeTimers();

        if (_grain is { } grain)
        {
            using var timeout = new CancellationTokenSource(_catalog.Options.DeactivationTimeout, _catalog.Time);
            for (var i = 0; GetParticipant(i) is { } participant; i++)
            {
                try
                {
                    await participant.OnDeactivatingAsync(reason, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    ReportDeactivationFailure(participant.GetType().Name, reason, timeout, e);
                }
            }

            try
            {
                await grain.OnDeactivateAsync(reason, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                ReportDeactivationFailure(nameof(Grain.OnDeactivateAsync), reason, timeout, e);
            }
        }

        await DisposeScopeAsync().ConfigureAwait(false);
    }

    private void OnDeactivated()
    {
        DeactivationReason reason;
        lock (_queue)
        {
            reason = _deactivationReason;
        }

        _grain = null;
        var items = Invalidate();

        // Calls that queued behind the last turn go to a new activation (state already written).
        foreach (var item in items)
        {
            Drop(item, ActivationInvalidException.Instance);
        }

        CatalogLog.Deactivated(_catalog.Logger, GrainId, reason, items.Length);
        SignalDeactivated();
    }

    // Out of the catalog first, then invalid: an item forwarded from here must not find us again.
    private IGrainWorkItem[] Invalidate()
    {
        _catalog.Collector.Untrack(this);
        _catalog.Remove(this);
        lock (_queue)
        {
            _state = ActivationState.Invalid;
            var items = _queue.Count == 0 ? [] : _queue.ToArray();
            _queue.Clear();
            return items;
        }
    }

    private void SignalDeactivated()
    {
        TaskCompletionSource? deactivated;
        lock (_queue)
        {
            deactivated = _deactivated;
        }

        deactivated?.TrySetResult();
    }

    private void ReportDeactivationFailure(string step, DeactivationReason reason, CancellationTokenSource timeout, Exception error)
    {
        if (error is OperationCanceledException && timeout.IsCancellationRequested)
        {
            CatalogLog.DeactivationTimedOut(_catalog.Logger, GrainId, step, (long)_catalog.Options.DeactivationTimeout.TotalMilliseconds);
        }
        else
        {
            CatalogLog.DeactivationStepFailed(_catalog.Logger, GrainId, step, reason, error);
        }
    }

    private async ValueTask DisposeScopeAsync()
    {
        var scope = _scope;
        _scope = null;
        try
        {
            if (scope is IAsyncDisposable asyncScope)
            {
                await asyncScope.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                scope?.Dispose();
            }
        }
        catch (Exception e)
        {
            CatalogLog.ScopeDisposeFailed(_catalog.Logger, GrainId, e);
        }
    }
}
