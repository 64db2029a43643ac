using SessionGrid.Client.Internal;

namespace SessionGrid.Client.Tests.Unit;

public sealed class BackoffTests
{
    private static readonly ReconnectOptions NoJitter = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromMilliseconds(1000),
        Multiplier = 2,
        Jitter = 0,
    };

    [Fact]
    public void RetryDelay_NoJitter_DoublesUpToTheCeiling()
    {
        var delays = Enumerable.Range(1, 6).Select(n => Backoff.RetryDelay(NoJitter, n, 0.5).TotalMilliseconds);

        Assert.Equal([100, 200, 400, 800, 1000, 1000], delays);
    }

    [Fact]
    public void RetryDelay_ManyRetries_StaysAtTheCeilingWithoutOverflow()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1000), Backoff.RetryDelay(NoJitter, int.MaxValue, 0.5));
    }

    [Fact]
    public void RetryDelay_ZeroInitialDelayManyRetries_StaysZeroNotNaN()
    {
        // 0 x 2^1099 was 0 x infinity = NaN, which TimeSpan rejects: the client stopped itself.
        var zero = new ReconnectOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromSeconds(1), Multiplier = 2, Jitter = 0.2 };
        Assert.Empty(SessionGridClientOptionsValidator.Validate(new SessionGridClientOptions { Host = "127.0.0.1", Reconnect = zero }));

        Assert.Equal(TimeSpan.Zero, Backoff.RetryDelay(zero, 1100, 0.5));
        Assert.Equal(TimeSpan.Zero, Backoff.RetryDelay(zero, int.MaxValue, 0.99));
    }

    [Theory]
    [InlineData(0.0, 80)]
    [InlineData(0.5, 100)]
    [InlineData(0.999999, 120)]
    public void RetryDelay_WithJitter_SpreadsAroundTheBase(double random, double expectedMs)
    {
        var options = new ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), Jitter = 0.2 };

        Assert.Equal(expectedMs, Backoff.RetryDelay(options, 1, random).TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void RetryDelay_JitterAtTheCeiling_NeverExceedsMaxDelay()
    {
        var options = new ReconnectOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Jitter = 1 };

        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.RetryDelay(options, 5, 0.999999));
    }

    [Fact]
    public void RetryDelay_ConstantMultiplier_KeepsTheInitialDelay()
    {
        var options = new ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(300), MaxDelay = TimeSpan.FromSeconds(5), Multiplier = 1, Jitter = 0 };

        Assert.Equal(TimeSpan.FromMilliseconds(300), Backoff.RetryDelay(options, 7, 0.3));
    }

    [Theory]
    [InlineData(0.0, 900)]
    [InlineData(0.5, 1000)]
    [InlineData(0.999999, 1100)]
    public void Jittered_Interval_WithinTheFraction(double random, double expectedMs)
    {
        Assert.Equal(expectedMs, Backoff.Jittered(TimeSpan.FromSeconds(1), 0.1, random).TotalMilliseconds, precision: 3);
    }
}
