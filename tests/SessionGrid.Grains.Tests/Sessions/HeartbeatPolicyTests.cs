using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Tests.Sessions;

public sealed class HeartbeatPolicyTests
{
    [Fact]
    public void Defaults_MatchProtocolTable()
    {
        var policy = new HeartbeatPolicy();

        Assert.Equal(TimeSpan.FromSeconds(10), policy.Interval);
        Assert.Equal(3, policy.MissThreshold);
        Assert.Equal(3, policy.RecoveryHeartbeats);
        Assert.Equal(TimeSpan.FromMinutes(30), policy.LeaveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.LeaveAfter(policy.Interval));
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData(5, 5)]
    [InlineData(0, 1)]
    [InlineData(100000, 600)]
    public void EffectiveInterval_ClientRequest_IsClampedToBounds(int? requested, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), new HeartbeatPolicy().EffectiveInterval(requested));
    }

    [Fact]
    public void EffectiveInterval_ClientIntervalNotAccepted_UsesPolicyInterval()
    {
        var policy = new HeartbeatPolicy { AcceptClientInterval = false };

        Assert.Equal(policy.Interval, policy.EffectiveInterval(3));
    }

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new HeartbeatPolicyValidator().Validate(null, new HeartbeatPolicy()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NamesEachSetting()
    {
        var policy = new HeartbeatPolicy { Interval = TimeSpan.Zero, MissThreshold = 0, RecoveryHeartbeats = 0, LeaveTimeout = TimeSpan.FromSeconds(-1) };

        var result = new HeartbeatPolicyValidator().Validate(null, policy);

        Assert.True(result.Failed);
        Assert.Contains("HeartbeatPolicy:Interval", result.FailureMessage);
        Assert.Contains("HeartbeatPolicy:MissThreshold", result.FailureMessage);
        Assert.Contains("HeartbeatPolicy:RecoveryHeartbeats", result.FailureMessage);
        Assert.Contains("HeartbeatPolicy:LeaveTimeout", result.FailureMessage);
    }
}
