namespace SessionGrid.Client.Internal;

/// <summary>Delays with random spread: reconnect backoff and heartbeat spacing. Pure given the random source.</summary>
internal static class Backoff
{
    /// <summary>
    /// The delay before retry <paramref name="retry"/> (1-based): <c>InitialDelay * Multiplier^(retry-1)</c>,
    /// capped at MaxDelay, spread by Jitter, and capped again so the ceiling holds after the spread.
    /// </summary>
    public static TimeSpan RetryDelay(ReconnectOptions options, int retry, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var maxMs = options.MaxDelay.TotalMilliseconds;

        // Math.Pow overflows to infinity long before an int retry count runs out; Math.Min absorbs it.
        var baseMs = Math.Min(maxMs, options.InitialDelay.TotalMilliseconds * Math.Pow(options.Multiplier, retry - 1));
        return TimeSpan.FromMilliseconds(Math.Min(maxMs, Spread(baseMs, options.Jitter, random)));
    }

    /// <summary><paramref name="interval"/> times a factor in [1 - jitter, 1 + jitter].</summary>
    public static TimeSpan Jittered(TimeSpan interval, double jitter, double random)
        => TimeSpan.FromMilliseconds(Spread(interval.TotalMilliseconds, jitter, random));

    // random is uniform in [0, 1): the factor is uniform in [1 - jitter, 1 + jitter).
    private static double Spread(double milliseconds, double jitter, double random)
        => Math.Max(0, milliseconds * (1 + (jitter * ((2 * random) - 1))));
}
