namespace SessionGrid.Runtime.Core;

/// <summary>
/// A call failed because the activation it was queued on failed to activate: the grain's
/// constructor, a lifecycle participant (state load) or <see cref="Grain.OnActivateAsync"/> threw.
/// The failed activation is never exposed: it is gone from the catalog, and the next call creates a fresh one.
/// </summary>
public sealed class GrainActivationException : Exception
{
    public GrainActivationException(GrainId grainId, Exception innerException)
        : base($"Activation of grain {grainId} failed: {innerException?.Message}", innerException)
    {
        GrainId = grainId;
    }

    public GrainId GrainId { get; }
}
