namespace SessionGrid.Runtime.Core;

/// <summary>
/// Base class of hand-written grain references: each interface method becomes one
/// <c>InvokeAsync(static (grain, arg) =&gt; grain.MethodAsync(arg), arg)</c> line, so a local call
/// needs no serialization and no reflection.
/// </summary>
public abstract class GrainReference
{
    private readonly IGrainCallRouter _router;

    protected GrainReference(IGrainCallRouter router, GrainId grainId)
    {
        _router = router;
        GrainId = grainId;
    }

    public GrainId GrainId { get; }

    protected ValueTask InvokeAsync<TGrain, TArg>(Func<TGrain, TArg, ValueTask> method, TArg arg)
        where TGrain : class
        => _router.InvokeAsync(GrainId, method, arg);

    protected ValueTask<TResult> InvokeAsync<TGrain, TArg, TResult>(Func<TGrain, TArg, ValueTask<TResult>> method, TArg arg)
        where TGrain : class
        => _router.InvokeAsync(GrainId, method, arg);

    public override string ToString() => GrainId.ToString();
}
