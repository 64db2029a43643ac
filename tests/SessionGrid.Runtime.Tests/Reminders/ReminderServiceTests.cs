using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using Xunit;

namespace SessionGrid.Runtime.Tests.Reminders;

public sealed class ReminderServiceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private static readonly GrainId GrainA = new("test", "a");
    private static readonly GrainId GrainB = new("test", "b");

    [Fact]
    public async Task RegisterOrUpdateReminderAsync_OneShot_FiresAtDueTimeNotBefore()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        var start = harness.Time.GetUtcNow();
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.Zero);

        harness.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, harness.Router.Calls.Value);
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Router.Grain(GrainA).Received.WhenAtLeastAsync(1);

        Assert.Equal([GrainA], harness.Router.Activated);
        var (name, status) = Assert.Single(harness.Router.Grain(GrainA).Ticks);
        Assert.Equal("r", name);
        Assert.Equal(start.AddSeconds(10), status.CurrentTickTime);
        Assert.Equal(start.AddSeconds(10), status.FirstTickTime);
        Assert.Equal(TimeSpan.Zero, status.Period);
    }

    [Fact]
    public async Task Delivery_OneShotHandled_DeletesRow()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.Zero);
        Assert.Equal(1, harness.Table.Inner.Count);

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await harness.Table.Removes.WhenAtLeastAsync(1);

        Assert.Equal(0, harness.Table.Inner.Count);
        Assert.Null(await service.GetReminderAsync(GrainA, "r"));
    }

    [Fact]
    public async Task Delivery_HandlerFails_KeepsRowAndRetriesAfterBackoff()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        var grain = harness.Router.Grain(GrainA);
        grain.FailNext(1);
        var start = harness.Time.GetUtcNow();
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.Zero);

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await harness.Time.WaitForArmedAsync(harness.Options.RetryBackoffInitial);

        Assert.Equal(1, grain.Received.Value);
        Assert.Equal(1, harness.Table.Inner.Count);
        Assert.Equal(0, harness.Table.Removes.Value);
        harness.Time.Advance(harness.Options.RetryBackoffInitial);
        await harness.Table.Removes.WhenAtLeastAsync(1);
        Assert.Equal(2, grain.Received.Value);
        Assert.Equal(0, harness.Table.Inner.Count);
        Assert.All(grain.Ticks, t => Assert.Equal(start.AddSeconds(10), t.Status.CurrentTickTime));
        Assert.Equal(1, service.DeliveryFailures);
        Assert.Equal(1, service.Delivered);
        Assert.Equal(0, service.HeldReminders);
    }

    [Fact]
    public async Task Delivery_Periodic_AdvancesNextDueAndFiresAgain()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        var grain = harness.Router.Grain(GrainA);
        var start = harness.Time.GetUtcNow();
        var period = TimeSpan.FromMinutes(1);
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), period);

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await grain.Received.WhenAtLeastAsync(1);
        await harness.Time.WaitForArmedAsync(period);

        var row = await harness.Table.Inner.ReadRowAsync(GrainA, "r");
        Assert.Equal(start.AddSeconds(10) + period, row!.NextDue);
        Assert.Equal("2", row.ETag);
        Assert.Equal(1, harness.Table.Inner.Count);
        harness.Time.Advance(period);
        await grain.Received.WhenAtLeastAsync(2);
        var second = grain.Ticks[1].Status;
        Assert.Equal(start.AddSeconds(10) + period, second.CurrentTickTime);
        Assert.Equal(start.AddSeconds(10), second.FirstTickTime);
        Assert.Equal(period, second.Period);
    }

    [Fact]
    public async Task StartAsync_OverdueOneShotAfterRestart_FiresAndDeletes()
    {
        await using var harness = new ReminderHarness();
        var first = await harness.StartServiceAsync();
        await first.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.Zero);
        await first.StopAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, harness.Router.Calls.Value);

        await harness.StartServiceAsync();
        await harness.Table.Removes.WhenAtLeastAsync(1);

        Assert.Equal(1, harness.Router.Grain(GrainA).Received.Value);
        Assert.Equal(0, harness.Table.Inner.Count);
    }

    [Fact]
    public async Task StartAsync_PeriodicMissedTicks_DeliversOnceAndSkipsToNextTick()
    {
        await using var harness = new ReminderHarness();
        var first = await harness.StartServiceAsync();
        var start = harness.Time.GetUtcNow();
        await first.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));
        await first.StopAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(330));

        var second = await harness.StartServiceAsync();
        await harness.Table.Upserts.WhenAtLeastAsync(2);
        await second.StopAsync(CancellationToken.None);

        var (_, status) = Assert.Single(harness.Router.Grain(GrainA).Ticks);
        Assert.Equal(start.AddSeconds(10), status.CurrentTickTime);
        var row = await harness.Table.Inner.ReadRowAsync(GrainA, "r");
        Assert.Equal(start.AddSeconds(370), row!.NextDue);
    }

    [Fact]
    public async Task StartAsync_RangeExcludesGrain_DeliversOnlyReminderInRange()
    {
        await using var harness = new ReminderHarness();
        var now = harness.Time.GetUtcNow();
        await harness.Table.Inner.UpsertRowAsync(new ReminderEntry(GrainA, "r", now, now, TimeSpan.Zero, null));
        await harness.Table.Inner.UpsertRowAsync(new ReminderEntry(GrainB, "r", now, now, TimeSpan.Zero, null));
        var hashA = GrainA.GetUniformHashCode();
        Assert.NotEqual(hashA, GrainB.GetUniformHashCode());

        var service = await harness.StartServiceAsync(new MutableRangeProvider(new ReminderHashRange(hashA, hashA + 1)));
        await harness.Table.Removes.WhenAtLeastAsync(1);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal([GrainA], harness.Router.Activated);
        Assert.NotNull(await harness.Table.Inner.ReadRowAsync(GrainB, "r"));
    }

    [Fact]
    public async Task RefreshAsync_RangeMovedAway_DropsHeldReminder()
    {
        await using var harness = new ReminderHarness();
        var ranges = new MutableRangeProvider(ReminderHashRange.FullRing);
        var service = await harness.StartServiceAsync(ranges);
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromMinutes(2), TimeSpan.Zero);
        var hashA = GrainA.GetUniformHashCode();

        ranges.Set(new ReminderHashRange(hashA + 1, hashA));
        await service.RefreshAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(3));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(0, harness.Router.Calls.Value);
        Assert.Equal(1, harness.Table.Inner.Count);
    }

    [Fact]
    public async Task Refresh_RowWrittenByAnotherSilo_LoadsAndFiresIt()
    {
        await using var harness = new ReminderHarness();
        await harness.StartServiceAsync();
        var due = harness.Time.GetUtcNow() + TimeSpan.FromMinutes(6);
        await harness.Table.Inner.UpsertRowAsync(new ReminderEntry(GrainA, "r", due, due, TimeSpan.Zero, null));

        harness.Time.Advance(harness.Options.RefreshPeriod);
        await harness.Time.WaitForArmedAsync(TimeSpan.FromMinutes(1));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.Table.Removes.WhenAtLeastAsync(1);

        var (_, status) = Assert.Single(harness.Router.Grain(GrainA).Ticks);
        Assert.Equal(due, status.CurrentTickTime);
    }

    [Fact]
    public async Task RegisterOrUpdateReminderAsync_Again_ReplacesSchedule()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        var start = harness.Time.GetUtcNow();
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.Zero);
        var updated = await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(20), TimeSpan.Zero);

        harness.Time.Advance(TimeSpan.FromSeconds(20));
        await harness.Table.Removes.WhenAtLeastAsync(1);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(start.AddSeconds(20), updated.NextDue);
        var (_, status) = Assert.Single(harness.Router.Grain(GrainA).Ticks);
        Assert.Equal(start.AddSeconds(20), status.CurrentTickTime);
        Assert.Equal(0, harness.Table.Inner.Count);
    }

    [Fact]
    public async Task UnregisterReminderAsync_BeforeDue_NeverFires()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.Zero);
        await service.RegisterOrUpdateReminderAsync(GrainB, "sentinel", TimeSpan.FromSeconds(20), TimeSpan.Zero);

        await service.UnregisterReminderAsync(GrainA, "r");
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        await harness.Router.Grain(GrainB).Received.WhenAtLeastAsync(1);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal([GrainB], harness.Router.Activated);
        Assert.Null(await service.GetReminderAsync(GrainA, "r"));
    }

    [Fact]
    public async Task Delivery_HandlerRegistersSameReminderAgain_NewRowSurvivesAndFires()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        var grain = harness.Router.Grain(GrainA);
        var start = harness.Time.GetUtcNow();
        grain.OnTick = async (name, _) =>
        {
            if (grain.Received.Value == 0)
            {
                // Like the session grain when a reminder arrives early: ask again for the remainder.
                await service.RegisterOrUpdateReminderAsync(GrainA, name, TimeSpan.FromSeconds(30), TimeSpan.Zero);
            }
        };
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.Zero);

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await harness.Table.Removes.WhenAtLeastAsync(1);
        var row = await harness.Table.Inner.ReadRowAsync(GrainA, "r");
        Assert.Equal(start.AddSeconds(40), row!.NextDue);

        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.Table.Removes.WhenAtLeastAsync(2);
        Assert.Equal(2, grain.Received.Value);
        Assert.Equal(0, harness.Table.Inner.Count);
    }

    [Fact]
    public async Task RegisterOrUpdateReminderAsync_DueTimeAlreadyPast_FiresAtOnce()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        var now = harness.Time.GetUtcNow();

        var reminder = await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(-5), TimeSpan.Zero);
        await harness.Router.Grain(GrainA).Received.WhenAtLeastAsync(1);

        Assert.Equal(now, reminder.NextDue);
        Assert.Equal(now, harness.Router.Grain(GrainA).Ticks[0].Status.CurrentTickTime);
    }

    [Fact]
    public async Task RegisterOrUpdateReminderAsync_PeriodBelowMinimum_Throws()
    {
        await using var harness = new ReminderHarness();
        var service = harness.CreateService();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.Zero, TimeSpan.FromSeconds(-1)));
        Assert.Equal(0, harness.Table.Inner.Count);
    }

    [Fact]
    public async Task GetReminderAsync_Registered_ReturnsItsSchedule()
    {
        await using var harness = new ReminderHarness();
        var service = harness.CreateService();
        var now = harness.Time.GetUtcNow();
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));

        var reminder = await service.GetReminderAsync(GrainA, "r");

        Assert.NotNull(reminder);
        Assert.Equal("r", reminder.ReminderName);
        Assert.Equal(now.AddMinutes(30), reminder.NextDue);
        Assert.Equal(TimeSpan.FromHours(1), reminder.Period);
        Assert.Null(await service.GetReminderAsync(GrainA, "other"));
    }

    [Fact]
    public async Task StopAsync_ReminderDueLater_DoesNotFire()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        await service.RegisterOrUpdateReminderAsync(GrainA, "r", TimeSpan.FromSeconds(10), TimeSpan.Zero);

        await service.StopAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, harness.Router.Calls.Value);
        Assert.Equal(1, harness.Table.Inner.Count);
    }

    [Fact]
    public void NextTick_SeveralTicksMissed_ReturnsFirstTickAfterNow()
    {
        var due = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var period = TimeSpan.FromMinutes(1);

        Assert.Equal(due.AddMinutes(4), ReminderService.NextTick(due, period, due.AddMinutes(3).AddSeconds(1)));
        Assert.Equal(due.AddMinutes(4), ReminderService.NextTick(due, period, due.AddMinutes(3)));
        Assert.Equal(due.AddMinutes(1), ReminderService.NextTick(due, period, due));
    }

    [Fact]
    public async Task RefreshAsync_TableFailing_DegradedUntilItRecovers()
    {
        await using var harness = new ReminderHarness();
        var service = await harness.StartServiceAsync();
        Assert.False(service.IsDegraded);
        Assert.Equal(harness.Time.GetUtcNow(), service.LastRefreshTime);

        harness.Table.FailReads = true;
        await Assert.ThrowsAsync<IOException>(() => service.RefreshAsync(CancellationToken.None));
        Assert.True(service.IsDegraded);

        harness.Table.FailReads = false;
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await service.RefreshAsync(CancellationToken.None);
        Assert.False(service.IsDegraded);
        Assert.Equal(harness.Time.GetUtcNow(), service.LastRefreshTime);
    }
}
