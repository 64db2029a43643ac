using SessionGrid.Grains.Events;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Tests.Events;

public sealed class SessionEventHubTests
{
    private static SessionEvent Event(string id, SessionStatus to, long seq = 1)
        => new(id, new SessionTransition(DateTimeOffset.UnixEpoch, null, to, "r", 1, seq));

    [Fact]
    public void Publish_OnlyMatchingSubscribersReceive()
    {
        var hub = new SessionEventHub();
        using var leaves = hub.Subscribe(new SessionEventFilter(Status: SessionStatus.Leave));
        using var fleet = hub.Subscribe(new SessionEventFilter(IdPrefix: "fleet/"));

        hub.Publish(Event("fleet/1", SessionStatus.Live));
        hub.Publish(Event("other", SessionStatus.Leave));

        Assert.True(leaves.Reader.TryRead(out var leave));
        Assert.Equal("other", leave.SessionId);
        Assert.False(leaves.Reader.TryRead(out _));
        Assert.True(fleet.Reader.TryRead(out var live));
        Assert.Equal("fleet/1", live.SessionId);
        Assert.False(fleet.Reader.TryRead(out _));
    }

    [Fact]
    public void Publish_ReaderTooFarBehind_LosesTheOldestAndCountsThem()
    {
        var hub = new SessionEventHub();
        using var slow = hub.Subscribe(SessionEventFilter.All);

        for (var i = 1; i <= SessionEventHub.SubscriberCapacity + 5; i++)
        {
            hub.Publish(Event("s", SessionStatus.Live, i));
        }

        Assert.Equal(5, slow.Dropped);
        Assert.True(slow.Reader.TryRead(out var first));
        Assert.Equal(6, first.Transition.Seq);
    }

    [Fact]
    public void Dispose_RemovesTheSubscriberAndEndsItsReader()
    {
        var hub = new SessionEventHub();
        var subscription = hub.Subscribe(SessionEventFilter.All);

        subscription.Dispose();
        hub.Publish(Event("s", SessionStatus.Live));

        Assert.Equal(0, hub.Subscribers);
        Assert.True(subscription.Reader.Completion.IsCompleted);
    }
}
