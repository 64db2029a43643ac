namespace SessionGrid.Runtime.Timers;

/// <summary>A grain timer. Disposing it cancels it; it is also cancelled when the activation deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>
    /// Moves the next tick. Cheap enough to call on every heartbeat: pushing a deadline later is a
    /// field write, the wheel re-slots the timer lazily when it reaches the old slot.
    /// </summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
