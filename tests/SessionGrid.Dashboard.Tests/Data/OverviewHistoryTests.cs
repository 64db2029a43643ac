using SessionGrid.Dashboard.Data;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Tests.Data;

/// <summary>The overview charts' rolling window: what it keeps, and the rates and series it derives.</summary>
public sealed class OverviewHistoryTests
{
    private const string SiloA = "a/127.0.0.1:11111@1";
    private const string SiloB = "b/127.0.0.1:11112@1";

    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_MoreReadingsThanCapacity_KeepsTheNewestInOrder()
    {
        var history = new OverviewHistory(capacity: 3);

        for (var second = 0; second < 5; second++)
        {
            history.Add(Reading(second, live: second));
        }

        Assert.Equal([Start.AddSeconds(2), Start.AddSeconds(3), Start.AddSeconds(4)], history.Times);
        var live = Assert.Single(history.SessionsByStatus(), static s => s.Name == SessionStatusNames.Live);
        Assert.Equal([2d, 3d, 4d], live.Values);
    }

    [Fact]
    public void SessionsByStatus_AnyReading_HasLiveLeaveClosedInThatOrder()
    {
        var history = new OverviewHistory(capacity: 10);

        history.Add(Reading(0, live: 5, leave: 2, closed: 7));

        Assert.Equal([SessionStatusNames.Live, SessionStatusNames.Leave, SessionStatusNames.Closed], history.SessionsByStatus().Select(static s => s.Name));
        Assert.Equal([5d, 2d, 7d], history.SessionsByStatus().Select(static s => s.Values.Single()));
    }

    [Fact]
    public void TransitionsPerMinute_Readings_FollowTheLastMinuteCountsByTargetState()
    {
        var history = new OverviewHistory(capacity: 10);

        history.Add(Reading(0, transitionsToLive: 1));
        history.Add(Reading(1, transitionsToLive: 4, transitionsToClosed: 2));

        var series = history.TransitionsPerMinute().ToDictionary(static s => s.Name);
        Assert.Equal([1d, 4d], series[SessionStatusNames.Live].Values);
        Assert.Equal([0d, 0d], series[SessionStatusNames.Leave].Values);
        Assert.Equal([0d, 2d], series[SessionStatusNames.Closed].Values);
    }

    [Fact]
    public void HeartbeatsPerSecondBySilo_CounterGrowsBetweenReadings_IsTheGrowthOverTheTimeBetween()
    {
        var history = new OverviewHistory(capacity: 10);

        history.Add(Reading(0, heartbeats: new() { [SiloA] = 100 }));
        history.Add(Reading(2, heartbeats: new() { [SiloA] = 130 }));
        history.Add(Reading(3, heartbeats: new() { [SiloA] = 130 }));

        var silo = Assert.Single(history.HeartbeatsPerSecondBySilo());
        Assert.Equal(SiloA, silo.Name);
        // The first reading has nothing to compare with: a gap, not a zero.
        Assert.Equal([null, 15d, 0d], silo.Values);
    }

    [Fact]
    public void HeartbeatsPerSecondBySilo_SiloSilentOrJoining_DrawsGapsWhereNoRateIsKnown()
    {
        var history = new OverviewHistory(capacity: 10);

        history.Add(Reading(0, heartbeats: new() { [SiloA] = 10 }));
        history.Add(Reading(1, heartbeats: new() { [SiloA] = null, [SiloB] = 50 }));
        history.Add(Reading(2, heartbeats: new() { [SiloA] = 20, [SiloB] = 60 }));
        history.Add(Reading(3, heartbeats: new() { [SiloA] = 25, [SiloB] = 61 }));

        var series = history.HeartbeatsPerSecondBySilo();
        Assert.Equal([SiloA, SiloB], series.Select(static s => s.Name));
        Assert.Equal([null, null, null, 5d], series[0].Values);
        Assert.Equal([null, null, 10d, 1d], series[1].Values);
    }

    [Fact]
    public void HeartbeatsPerSecondBySilo_CounterGoesBack_IsAGapNotANegativeRate()
    {
        var history = new OverviewHistory(capacity: 10);

        history.Add(Reading(0, heartbeats: new() { [SiloA] = 500 }));
        history.Add(Reading(1, heartbeats: new() { [SiloA] = 3 }));

        Assert.Equal([null, null], Assert.Single(history.HeartbeatsPerSecondBySilo()).Values);
    }

    [Fact]
    public void HeartbeatsPerSecondBySilo_SiloLeftTheWindow_HasNoSeries()
    {
        var history = new OverviewHistory(capacity: 2);

        history.Add(Reading(0, heartbeats: new() { [SiloA] = 1 }));
        history.Add(Reading(1, heartbeats: new() { [SiloB] = 1 }));
        history.Add(Reading(2, heartbeats: new() { [SiloB] = 3 }));

        Assert.Equal([SiloB], history.HeartbeatsPerSecondBySilo().Select(static s => s.Name));
    }

    [Fact]
    public void Add_ReadingNotAfterTheNewest_IsRefusedAndNothingChanges()
    {
        var history = new OverviewHistory(capacity: 10);
        history.Add(Reading(5));

        var error = Assert.Throws<ArgumentException>(() => history.Add(Reading(5)));

        Assert.Contains("time order", error.Message, StringComparison.Ordinal);
        Assert.Equal([Start.AddSeconds(5)], history.Times);
    }

    [Fact]
    public void Constructor_CapacityBelowTwo_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OverviewHistory(capacity: 1));

        Assert.Equal("capacity", error.ParamName);
    }

    private static OverviewFigures Reading(
        int second,
        long live = 0,
        long leave = 0,
        long closed = 0,
        long transitionsToLive = 0,
        long transitionsToClosed = 0,
        Dictionary<string, long?>? heartbeats = null)
    {
        var sessions = SessionCounts.From([(SiloA, SessionStatusNames.Live, live), (SiloA, SessionStatusNames.Leave, leave), (SiloA, SessionStatusNames.Closed, closed)]);
        var transitions = new Dictionary<string, long>
        {
            [SessionStatusNames.Live] = transitionsToLive,
            [SessionStatusNames.Leave] = 0,
            [SessionStatusNames.Closed] = transitionsToClosed,
        };
        return new OverviewFigures(Start.AddSeconds(second), sessions, 0, transitions, heartbeats ?? []);
    }
}
