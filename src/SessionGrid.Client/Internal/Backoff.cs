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

        // The exponent is capped so the power stays finite: an infinite one times a zero InitialDelay is
        // NaN, which Math.Min passes through and TimeSpan rejects. 2^300 is far past any MaxDelay anyway.
        var baseMs = Math.Min(maxMs, options.InitialDelay.TotalMilliseconds * Math.Pow(options.Multiplier, Math.Min(retry - 1, 300)));
        return TimeSpan.FromMilliseconds(Math.Min(maxMs, Spread(baseMs, options.Jitter, random)));
    }

    /// <summary><paramref name="interval"/> times a factor in [1 - jitter, 1 + jitter].</summary>
    public static TimeSpan Jittered(TimeSpan interval, double jitter, double random)
        => TimeSpan.FromMilliseconds(Spread(interval.TotalMilliseconds, jitter, random));

    // random is uniform in [0, 1): the factor is uniform in [1 - jitter, 1 + jitter).
    private static double Spread(double milliseconds, double jitter, double random)
        => Math.Max(0, milliseconds * (1 + (jitter * ((2 * random) - 1))));
}
