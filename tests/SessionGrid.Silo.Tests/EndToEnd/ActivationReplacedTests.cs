using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>
/// A session's activation can go away under a live connection. Fenced out by another writer, it
/// closes its client with taken-over; deactivated for any other reason, the connection presents
/// itself to the next activation instead of having its heartbeats ignored.
/// </summary>
public sealed class ActivationReplacedTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(_time);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task WriteConflict_AnotherWriterOwnsTheRow_ClientIsClosedWithTakenOver()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.5", pid: 5, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        // Someone else writes the record (another silo claiming the session): this activation's next
        // flush is fenced out.
        await BumpStoredVersionAsync("10.0.0.5:5");
        await client.SendHeartbeatAsync("10.0.0.5", pid: 5, seq: 2, ack: true);
        await client.ReceiveTypeAsync("ack");
        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal("taken-over", (await client.ReceiveTypeAsync("close")).Reason);
        Assert.True(await client.WaitForServerCloseAsync());
        Assert.Equal(1, _silo.Services.GetRequiredService<ISessionStorageStatistics>().Conflicts);
    }

    [Fact]
    public async Task Heartbeat_AfterActivationWasReplaced_ReattachesWithoutCountingReconnect()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.6", pid: 6, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        await DeactivateAsync("10.0.0.6:6");

        await client.SendHeartbeatAsync("10.0.0.6", pid: 6, seq: 2, ack: true);
        Assert.Equal(2, (await client.ReceiveTypeAsync("ack")).Seq);
        var session = await _silo.GetSessionAsync("10.0.0.6:6");
        Assert.NotNull(session);
        Assert.True(session.Connected);
        Assert.Equal("live", session.Status);
        Assert.Equal(0, session.Counters.Reconnects);
        Assert.Equal(2, session.Counters.HeartbeatsReceived);
    }

    [Fact]
    public async Task Bye_AfterActivationWasReplaced_ClosesSessionAndConnection()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.9", pid: 9, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        await DeactivateAsync("10.0.0.9:9");

        await client.SendByeAsync("done");

        Assert.Equal("client-closed", (await client.ReceiveTypeAsync("close")).Reason);
        Assert.True(await client.WaitForServerCloseAsync());
        var session = await _silo.GetSessionAsync("10.0.0.9:9");
        Assert.Equal("closed", session?.Status);
        Assert.Equal(1, session?.Incarnation);
    }

    /// <summary>
    /// Deactivates the session's activation through Orleans' management grain, and waits until a new
    /// activation answers: a new activation never holds a connection, whatever the stored record says.
    /// </summary>
    private async Task DeactivateAsync(string sessionId)
    {
        var management = _silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        Assert.True((await _silo.GetSessionAsync(sessionId))?.Connected);
        await management.DeactivateGrain(_silo.Grain(sessionId).GetGrainId(), CancellationToken.None);
        await _silo.WaitForSessionAsync(sessionId, static s => !s.Connected);
    }

    private async Task BumpStoredVersionAsync(string sessionId)
    {
        // Someone else wrote the row: read it and write it back, one version up.
        var store = _silo.Services.GetRequiredService<MemorySessionStore>();
        var stored = await store.ReadAsync(sessionId, CancellationToken.None);
        Assert.NotNull(stored);
        var write = new SessionStateWrite(sessionId, stored.State, stored.ETag);
        await store.WriteBatchAsync([write], CancellationToken.None);
        Assert.Null(write.Error);
    }
}
