namespace SessionGrid.Runtime.Core;

/// <summary>
/// A unit of work that runs as one turn of an activation: a call, a timer tick, a reminder, a state
/// snapshot. Implementations are usually pooled so that the hot path allocates nothing.
/// </summary>
public interface IGrainWorkItem
{
    /// <summary>Runs the turn. The activation runs nothing else until the returned task completes.</summary>
    ValueTask ExecuteAsync(IGrainContext context);

    /// <summary>
    /// The activation will never run this item (activation failed, or it was deactivated first).
    /// A call forwards itself to a new activation or fails; a timer tick is simply dropped.
    /// </summary>
    void OnDropped(Exception reason);
}
