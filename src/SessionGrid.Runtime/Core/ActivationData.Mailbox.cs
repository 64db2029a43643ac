namespace SessionGrid.Runtime.Core;

/// <summary>
/// The mailbox: items queue under the lock; one pool work item at a time drains them. A turn that
/// completes synchronously is followed by the next one in the same loop; a turn that goes async
/// parks the loop until it completes, then the activation requeues itself on the pool. Nothing else
/// runs meanwhile, which is what makes turns non-reentrant.
/// </summary>
internal sealed partial class ActivationData : IThreadPoolWorkItem
{
    // Turns run back to back in one pool work item before the activation requeues itself, so a grain
    // whose mailbox never empties cannot keep a pool thread from everyone else.
    private const int MaxTurnsPerRun = 64;

    // The activation whose loop runs synchronously on this thread (see GrainCatalog's remarks on self-calls).
    [ThreadStatic]
    private static ActivationData? t_running;

    private ValueTask _pendingTurn;
    private Step _pendingStep;
    private IGrainWorkItem? _pendingItem;
    private long _turnStarted;
    private Action? _resume;
    private TaskCompletionSource? _idle;

    private enum Step : byte
    {
        None,
        Activate,
        Turn,
        Deactivate,
    }

    internal bool IsRunningOnCurrentThread => t_running == this;

    /// <summary>
    /// Completes when the mailbox is empty and no turn runs. A caller gets its result from inside
    /// the turn, a moment before that; tests on a manual clock wait for this before moving time.
    /// </summary>
    internal Task WhenIdle
    {
        get
        {
            lock (_queue)
            {
                return _scheduled
                    ? (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task
                    : Task.CompletedTask;
            }
        }
    }

    public void ScheduleTurn(IGrainWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        bool run = false, dropped = false;
        lock (_queue)
        {
            if (_state == ActivationState.Invalid)
            {
                dropped = true;
            }
            else
            {
                _queue.Enqueue(item);
                run = TryMarkScheduled();
            }
        }

        if (run)
        {
            RunOnThreadPool();
        }
        else if (dropped)
        {
            Drop(item, ActivationInvalidException.Instance);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = t_running;
        t_running = this;
        try
        {
            Run();
        }
        finally
        {
            t_running = previous;
        }
    }

    // Under the lock: true when the caller must put the activation on the pool.
    private bool TryMarkScheduled()
    {
        if (_scheduled)
        {
            return false;
        }

        _scheduled = true;
        return true;
    }

    private void RunOnThreadPool() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    private void Run()
    {
        if (_pendingStep != Step.None)
        {
            var (step, item, turn) = (_pendingStep, _pendingItem, _pendingTurn);
            (_pendingStep, _pendingItem, _pendingTurn) = (Step.None, null, default);
            Complete(step, item, turn);
        }

        for (var turns = 0; ; turns++)
        {
            if (turns == MaxTurnsPerRun)
            {
                // Still scheduled: the requeued work item picks up where this one stops.
                RunOnThreadPool();
                return;
            }

            Step step;
            IGrainWorkItem? item;
            TaskCompletionSource? idle = null;
            lock (_queue)
            {
                step = TakeNextStep(out item);
                if (step == Step.None)
                {
                    _scheduled = false;
                    (idle, _idle) = (_idle, null);
                }
            }

            if (step == Step.None)
            {
                idle?.TrySetResult();
                return;
            }

            var turn = Start(step, item);
            if (!turn.IsCompleted)
            {
                (_pendingStep, _pendingItem, _pendingTurn) = (step, item, turn);
                turn.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resume ??= RunOnThreadPool);
                return;
            }

            Complete(step, item, turn);
        }
    }

    // Under the lock. Deactivation goes before queued items: they are handed to the next activation.
    private Step TakeNextStep(out IGrainWorkItem? item)
    {
        item = null;
        switch (_state)
        {
            case ActivationState.Creating when _deactivationRequested:
                _state = ActivationState.Deactivating;
                return Step.Deactivate;
            case ActivationState.Creating:
                _state = ActivationState.Activating;
                return Step.Activate;
            case ActivationState.Valid when _deactivationRequested:
                _state = ActivationState.Deactivating;
                return Step.Deactivate;
            case ActivationState.Valid:
                return _queue.TryDequeue(out item) ? Step.Turn : Step.None;
            default:
                return Step.None;
        }
    }

    private ValueTask Start(Step step, IGrainWorkItem? item)
    {
        _turnStarted = _catalog.Time.GetTimestamp();
        try
        {
            return step switch
            {
                Step.Activate => ActivateAsync(),
                Step.Deactivate => DeactivateAsync(),
                _ => item!.ExecuteAsync(this),
            };
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    private void Complete(Step step, IGrainWorkItem? item, ValueTask turn)
    {
        Exception? error = null;
        try
        {
            turn.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            error = e;
        }

        var now = _catalog.Time.GetTimestamp();
        var elapsed = _catalog.Time.GetElapsedTime(_turnStarted, now);
        if (elapsed > _catalog.TurnWarningThreshold)
        {
            CatalogLog.LongTurn(_catalog.Logger, GrainId, Describe(step, item), (long)elapsed.TotalMilliseconds, (long)_catalog.TurnWarningThreshold.TotalMilliseconds);
        }

        switch (step)
        {
            case Step.Turn:
                if (error is not null)
                {
                    CatalogLog.WorkItemFailed(_catalog.Logger, GrainId, Describe(step, item), error);
                }

                // Only calls reset the idle clock; timer ticks and state snapshots do not. The turn's
                // start is used because the caller may already have the result (and moved on).
                if (item is GrainCall)
                {
                    Volatile.Write(ref _lastUse, _turnStarted);
                }

                break;
            case Step.Activate when error is null:
                OnActivated(now);
                break;
            case Step.Activate:
                OnActivationFailed(error);
                break;
            case Step.Deactivate:
                OnDeactivated();
                break;
        }
    }

    private static string Describe(Step step, IGrainWorkItem? item) => step switch
    {
        Step.Activate => "activation",
        Step.Deactivate => "deactivation",
        _ => item?.ToString() ?? "work item",
    };

    private void Drop(IGrainWorkItem item, Exception reason)
    {
        try
        {
            item.OnDropped(reason);
        }
        catch (Exception e)
        {
            CatalogLog.WorkItemFailed(_catalog.Logger, GrainId, item.ToString() ?? "work item", e);
        }
    }
}
