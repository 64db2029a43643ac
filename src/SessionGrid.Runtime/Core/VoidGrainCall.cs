using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace SessionGrid.Runtime.Core;

/// <summary>
/// A pooled call returning <see cref="ValueTask"/>: the work item queued on the activation and the
/// source of the caller's ValueTask. It goes back to the pool when the caller reads the result, so a
/// local call that completes allocates nothing in steady state.
/// </summary>
internal sealed class VoidGrainCall<TGrain, TArg> : GrainCall, IGrainWorkItem, IValueTaskSource
    where TGrain : class
{
    // Continuations run on the pool, not inline inside the grain's turn: the caller's code must not
    // run as (and delay) a turn of the grain it called.
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private Func<TGrain, TArg, ValueTask>? _method;
    private TArg _arg = default!;

    public static ValueTask Invoke(GrainCatalog catalog, GrainId grainId, Func<TGrain, TArg, ValueTask> method, TArg arg)
    {
        var call = WorkItemPool<VoidGrainCall<TGrain, TArg>>.Rent();
        call.Initialize(catalog, grainId);
        call._method = method;
        call._arg = arg;
        var version = call._core.Version;
        catalog.Dispatch(grainId, call);
        return new ValueTask(call, version);
    }

    // Hand-written fast path: a grain method that completes synchronously costs no state machine
    // (an async method's state machine is a heap object in Debug builds, and costs a box when it
    // suspends in any build).
    public ValueTask ExecuteAsync(IGrainContext context)
    {
        if (context.GrainInstance is not TGrain grain)
        {
            _core.SetException(InterfaceMismatch(context, typeof(TGrain)));
            return default;
        }

        ValueTask pending;
        try
        {
            pending = _method!(grain, _arg);
        }
        catch (Exception e)
        {
            _core.SetException(e);
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            // Consumes the result, which returns a pooled source behind the ValueTask.
            pending.GetAwaiter().GetResult();
            _core.SetResult(true);
            return default;
        }

        return AwaitAsync(pending);
    }

    public void OnDropped(Exception reason)
    {
        if (TryForward(reason) is { } error)
        {
            _core.SetException(error);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    public void GetResult(short token)
    {
        // Only the owner of the current version recycles the item; a second await of the same
        // ValueTask throws here instead of returning the item to the pool twice.
        var owner = token == _core.Version;
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            if (owner)
            {
                Recycle();
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _core.SetException(e);
            return;
        }

        // Nothing may touch this item after this line: the caller may already be reusing it.
        _core.SetResult(true);
    }

    public override string ToString() => $"call {typeof(TGrain).Name}.{_method?.Method.Name}";

    private void Recycle()
    {
        Clear();
        _method = null;
        _arg = default!;
        _core.Reset();
        WorkItemPool<VoidGrainCall<TGrain, TArg>>.Return(this);
    }
}
