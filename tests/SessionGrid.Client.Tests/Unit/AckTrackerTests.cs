using SessionGrid.Client.Internal;
using SessionGrid.TestKit;

namespace SessionGrid.Client.Tests.Unit;

public sealed class AckTrackerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly List<long> _timedOut = [];

    private AckTracker Create() => new(_time, TimeSpan.FromSeconds(5), _timedOut.Add);

    [Fact]
    public void Acknowledged_InTime_NoTimeoutAndRoundTripMeasured()
    {
        using var tracker = Create();
        tracker.Sent(1);
        _time.Advance(TimeSpan.FromSeconds(2));

        var roundTrip = tracker.Acknowledged(1);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromSeconds(2), roundTrip);
        Assert.Empty(_timedOut);
    }

    [Fact]
    public void Sent_NeverAcknowledged_TimesOutOnceWithItsSeq()
    {
        using var tracker = Create();
        tracker.Sent(7);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(_timedOut);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        tracker.Sent(8);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal([7L], _timedOut);
    }

    [Fact]
    public void Acknowledged_NewerSeq_ClearsOlderOnesAndWatchesTheNextPending()
    {
        using var tracker = Create();
        tracker.Sent(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.Sent(2);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.Sent(3);

        Assert.Equal(TimeSpan.FromSeconds(1), tracker.Acknowledged(2));
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(_timedOut);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal([3L], _timedOut);
    }

    [Fact]
    public void Acknowledged_UnknownSeq_NoRoundTrip()
    {
        using var tracker = Create();

        Assert.Null(tracker.Acknowledged(42));
    }

    [Fact]
    public void Dispose_PendingHeartbeat_NeverTimesOut()
    {
        var tracker = Create();
        tracker.Sent(1);

        tracker.Dispose();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(_timedOut);
        Assert.Equal(0, _time.ActiveTimerCount);
    }
}
