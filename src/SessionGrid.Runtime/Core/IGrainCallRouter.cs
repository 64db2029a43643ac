namespace SessionGrid.Runtime.Core;

/// <summary>
/// Routes a call to the activation of a grain. Today every activation is local; placement,
/// ownership and remote calls plug in behind this seam without changing grain references.
/// </summary>
/// <remarks>
/// <paramref name="method"/> must be a static lambda (cached delegate): the local path allocates
/// nothing per call in steady state, and the call runs as one non-reentrant turn of the activation.
/// </remarks>
public interface IGrainCallRouter
{
    ValueTask InvokeAsync<TGrain, TArg>(GrainId grainId, Func<TGrain, TArg, ValueTask> method, TArg arg)
        where TGrain : class;

    ValueTask<TResult> InvokeAsync<TGrain, TArg, TResult>(GrainId grainId, Func<TGrain, TArg, ValueTask<TResult>> method, TArg arg)
        where TGrain : class;
}
