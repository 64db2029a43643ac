namespace SessionGrid.Runtime.Core;

/// <summary>
/// Routes every call to the local catalog: look the activation up (or create it from the grain
/// type in the id) and queue a pooled call item on its mailbox.
/// </summary>
internal sealed class LocalGrainCallRouter(GrainCatalog catalog) : IGrainCallRouter
{
    public ValueTask InvokeAsync<TGrain, TArg>(GrainId grainId, Func<TGrain, TArg, ValueTask> method, TArg arg)
        where TGrain : class
    {
        ThrowIfInvalid(grainId, method);
        return VoidGrainCall<TGrain, TArg>.Invoke(catalog, grainId, method, arg);
    }

    public ValueTask<TResult> InvokeAsync<TGrain, TArg, TResult>(GrainId grainId, Func<TGrain, TArg, ValueTask<TResult>> method, TArg arg)
        where TGrain : class
    {
        ThrowIfInvalid(grainId, method);
        return ResultGrainCall<TGrain, TArg, TResult>.Invoke(catalog, grainId, method, arg);
    }

    private static void ThrowIfInvalid(GrainId grainId, Delegate method)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is empty.", nameof(grainId));
        }

        ArgumentNullException.ThrowIfNull(method);
    }
}
