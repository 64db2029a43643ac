namespace SessionGrid.TestKit;

/// <summary>
/// Waits for an effect that no event announces (a stored row, a counter, a dropped activation):
/// polls until the condition holds or a generous hang guard runs out. <c>between</c> runs before each
/// wait, typically to move a manual clock; callers assert on the state afterwards.
/// </summary>
public static class Eventually
{
    /// <summary>A hang guard, not a timing assertion: generous, because CI machines are small and busy.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>True once <paramref name="condition"/> holds; false when the guard ran out first.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, Action? between = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            between?.Invoke();
            await Task.Delay(PollInterval);
        }
    }

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, Action?, TimeSpan?)"/>
    public static Task<bool> TrueAsync(Func<bool> condition, Action? between = null, TimeSpan? timeout = null)
        => TrueAsync(() => Task.FromResult(condition()), between, timeout);
}
