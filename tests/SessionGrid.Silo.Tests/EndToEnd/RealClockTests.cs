using SessionGrid.TestKit.Silo;
namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>
/// The whole life cycle on the real clock (short policy, fine wheel), so the production timer and
/// reminder paths run without a manual clock in between. Asserts order, not durations.
/// </summary>
public sealed class RealClockTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
    {
        ["HeartbeatPolicy:Interval"] = "00:00:00.500",
        ["HeartbeatPolicy:MissThreshold"] = "3",
        ["HeartbeatPolicy:LeaveTimeout"] = "00:00:01",
        ["HeartbeatPolicy:AcceptClientInterval"] = "false",
        ["Timers:Resolution"] = "00:00:00.050",
    });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task HeartbeatsThenSilence_LiveLeaveClosedAndKicked()
    {
        await using var client = await _silo.ConnectAsync();
        for (var seq = 1; seq <= 5; seq++)
        {
            await client.SendHeartbeatAsync("10.9.9.9", pid: 99, seq: seq, ack: true);
            await client.ReceiveTypeAsync("ack");
        }

        var leave = await client.ReceiveTypeAsync("state");
        Assert.Equal(("leave", "heartbeat-timeout"), (leave.Status, leave.Reason));
        var close = await client.ReceiveTypeAsync("close");
        Assert.Equal("leave-timeout", close.Reason);
        Assert.True(await client.WaitForServerCloseAsync());
        var session = await _silo.GetSessionAsync("10.9.9.9:99");
        Assert.Equal("closed", session?.Status);
        Assert.Equal(5, session?.Counters.HeartbeatsReceived);
        Assert.Equal(["live", "leave", "closed"], session?.RecentTransitions.Select(t => t.To));
    }
}
