namespace SessionGrid.Runtime.Core;

/// <summary>Options of the grain runtime: mailbox, lifecycle and idle collection. Checked at start-up.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>
    /// An activation with no call, no keep-alive and no pending keep-alive timer for this long is
    /// deactivated. Default 15 minutes.
    /// </summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often the idle collector wakes up, and the width of its time buckets: an idle activation
    /// goes at most this much after <see cref="CollectionAge"/>. Default 1 minute.
    /// </summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A turn that runs longer than this is logged as a warning. Default 1 second.</summary>
    public TimeSpan TurnWarningThreshold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the last turn (state write, OnDeactivateAsync) may take before the runtime stops
    /// waiting for it; the steps get a token that is cancelled then. Default 30 seconds.
    /// </summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
