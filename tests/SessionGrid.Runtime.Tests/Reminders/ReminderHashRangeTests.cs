using SessionGrid.Runtime.Reminders;
using Xunit;

namespace SessionGrid.Runtime.Tests.Reminders;

public sealed class ReminderHashRangeTests
{
    [Theory]
    [InlineData(10u, 20u, 10u, true)]
    [InlineData(10u, 20u, 19u, true)]
    [InlineData(10u, 20u, 20u, false)]
    [InlineData(10u, 20u, 9u, false)]
    [InlineData(20u, 10u, 25u, true)]
    [InlineData(20u, 10u, uint.MaxValue, true)]
    [InlineData(20u, 10u, 0u, true)]
    [InlineData(20u, 10u, 10u, false)]
    [InlineData(20u, 10u, 15u, false)]
    [InlineData(7u, 7u, 0u, true)]
    [InlineData(7u, 7u, uint.MaxValue, true)]
    public void Contains_Hash_MatchesHalfOpenRingSemantics(uint begin, uint end, uint hash, bool expected)
    {
        Assert.Equal(expected, new ReminderHashRange(begin, end).Contains(hash));
    }

    [Fact]
    public void FullRing_BeginEqualsEnd_IsFullRingAndDoesNotWrap()
    {
        Assert.True(ReminderHashRange.FullRing.IsFullRing);
        Assert.False(ReminderHashRange.FullRing.Wraps);
        Assert.True(new ReminderHashRange(20, 10).Wraps);
    }
}
