namespace SessionGrid.Gateway.Connections;

/// <summary>
/// Retries an idempotent grain call (attach, heartbeat) that failed because the silo it went to is
/// unreachable: Orleans does not retry a call in flight to a silo that dies, and until the death is
/// declared the directory still points there. Once membership moves on, the retry activates the
/// grain elsewhere (here, by prefer-local placement). Bounded by <see cref="Window"/>.
/// </summary>
internal static class GrainCallRetry
{
    /// <summary>How long to keep retrying: well past a death declaration under the shipped membership options.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    /// <summary>A failure that says where the call went, not what it asked: worth repeating.</summary>
    public static bool IsTransient(Exception exception) => exception is SiloUnavailableException
        or OrleansMessageRejectionException
        or TimeoutException;

    /// <summary>Runs <paramref name="call"/> on <paramref name="state"/> again, with growing delays, until it succeeds, fails otherwise, or the window closes.</summary>
    public static async ValueTask<T> RetryAsync<TState, T>(TState state, Func<TState, ValueTask<T>> call, TimeProvider time)
    {
        var deadline = time.GetUtcNow() + Window;
        var delay = FirstDelay;
        while (true)
        {
            await Task.Delay(delay, time);
            try
            {
                return await call(state);
            }
            catch (Exception ex) when (IsTransient(ex) && time.GetUtcNow() + delay < deadline)
            {
                delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
            }
        }
    }
}
