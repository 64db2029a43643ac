using System.Buffers.Text;
using System.Text;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Tests.Listing;

public sealed class SessionListCursorTests
{
    private static readonly SessionListQuery Query = new() { Status = SessionStatus.Live, Sort = SessionSort.LastHeartbeat, Direction = SortDirection.Desc };

    [Theory]
    [InlineData(42L, "fleet/device-42")]
    [InlineData(null, "never-heartbeated")]
    [InlineData(long.MinValue, "ünïcode \"quoted\"")]
    public void Encode_ThenDecodeWithTheSameQuery_ThePosition(long? key, string id)
    {
        var token = SessionListCursor.Encode(Query, new SessionListPosition(key, id));

        Assert.True(SessionListCursor.TryDecode(Query with { Limit = 7 }, token, out var position));
        Assert.Equal(new SessionListPosition(key, id), position);
        Assert.DoesNotContain(token, static c => c is '+' or '/' or '=' or '?' or '&');
    }

    [Fact]
    public void TryDecode_AnyFilterOrOrderChanged_False()
    {
        var token = SessionListCursor.Encode(Query, new SessionListPosition(1, "a"));
        Assert.True(SessionIpFilter.TryParse("10.*", out var ip));

        SessionListQuery[] others =
        [
            Query with { Status = null },
            Query with { OwnerSilo = "s" },
            Query with { Ip = ip },
            Query with { IdPrefix = "a" },
            Query with { HeartbeatBefore = DateTimeOffset.UnixEpoch },
            Query with { HeartbeatAfter = DateTimeOffset.UnixEpoch },
            Query with { Sort = SessionSort.StateSince },
            Query with { Direction = SortDirection.Asc },
        ];

        Assert.All(others, other => Assert.False(SessionListCursor.TryDecode(other, token, out _)));
    }

    [Fact]
    public void TryDecode_PayloadEditedToAnotherPosition_False()
    {
        var token = SessionListCursor.Encode(Query, new SessionListPosition(1, "a"));
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"k\":2,\"i\":\"b\"}")) + token[token.IndexOf('.')..];

        Assert.False(SessionListCursor.TryDecode(Query, forged, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.")]
    [InlineData("!!!.???")]
    [InlineData("e30.AAAAAAAAAAAAAAAA")]
    public void TryDecode_Garbage_False(string token)
    {
        Assert.False(SessionListCursor.TryDecode(Query, token, out _));
    }

    [Fact]
    public void TryDecode_Huge_FalseWithoutReadingIt()
    {
        Assert.False(SessionListCursor.TryDecode(Query, new string('A', SessionListCursor.MaxLength + 1), out _));
    }
}
