namespace SessionGrid.Runtime.Timers;

/// <summary>When a grain timer first fires and how often after that.</summary>
/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Delay between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for a one-shot timer.</param>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>While the timer is pending, idle collection keeps the activation. Default true.</summary>
    public bool KeepAlive { get; init; } = true;
}
