namespace SessionGrid.Runtime.Core;

/// <summary>
/// Base of the pooled call work items. The activation recognises calls by it (a call resets the
/// idle clock, a timer tick does not); it also holds the forwarding rule shared by both kinds.
/// </summary>
internal abstract class GrainCall
{
    // A call is forwarded when the activation it was queued on deactivated first. A bounded number of
    // hops keeps a grain that deactivates on every activation from bouncing a call forever.
    private const int MaxForwards = 8;

    private GrainCatalog? _catalog;
    private int _forwards;

    protected GrainId GrainId { get; private set; }

    protected void Initialize(GrainCatalog catalog, GrainId grainId)
    {
        _catalog = catalog;
        GrainId = grainId;
        _forwards = 0;
    }

    protected void Clear()
    {
        _catalog = null;
        GrainId = default;
    }

    /// <summary>Re-dispatches the call when its activation went away; otherwise returns the error to fail it with.</summary>
    protected Exception? TryForward(Exception reason)
    {
        if (reason is not ActivationInvalidException)
        {
            return reason;
        }

        if (_catalog is not { } catalog || ++_forwards > MaxForwards)
        {
            return new InvalidOperationException($"The call to grain {GrainId} was not delivered: its activation deactivated {MaxForwards} times in a row before running it.");
        }

        catalog.Dispatch(GrainId, (IGrainWorkItem)this);
        return null;
    }

    protected static InvalidCastException InterfaceMismatch(IGrainContext context, Type expected)
        => new($"Grain {context.GrainId} is an instance of {context.GrainInstance?.GetType().FullName ?? "(nothing)"}, which does not implement {expected.FullName}: " +
            $"the call was made through the wrong interface, or grain type '{context.GrainId.Type}' is registered with another class.");
}
