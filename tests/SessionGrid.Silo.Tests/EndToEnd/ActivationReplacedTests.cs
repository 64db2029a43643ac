using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;
using SessionGrid.TestKit;

namespace SessionGrid.Silo.Tests.EndToEnd;

/// <summary>
/// A session's activation can be replaced under a live connection (a write conflict deactivates it).
/// The connection must present itself to the new activation instead of having its heartbeats ignored.
/// </summary>
public sealed class ActivationReplacedTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(_time);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Heartbeat_AfterWriteConflictReplacedActivation_ReattachesWithoutCountingReconnect()
    {
        await using var client = await _silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.5", pid: 5, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        // Someone else writes the record: the next flush of this activation conflicts.
        var storage = _silo.Services.GetRequiredKeyedService<MemoryGrainStorage>(GrainStorageNames.Default);
        var id = new GrainId(SessionGrainsServiceCollectionExtensions.SessionGrainType, "10.0.0.5:5");
        var stored = new GrainState<SessionState>();
        await storage.ReadStateAsync(ClientSessionGrain.StateName, id, stored, CancellationToken.None);
        await storage.WriteStateAsync(ClientSessionGrain.StateName, id, stored, CancellationToken.None);
        await client.SendHeartbeatAsync("10.0.0.5", pid: 5, seq: 2, ack: true);
        await client.ReceiveTypeAsync("ack");
        var flusher = _silo.Services.GetRequiredService<IStateFlusherStatistics>();
        var catalog = _silo.Services.GetRequiredService<IGrainCatalogStatistics>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((flusher.Conflicts == 0 || catalog.ActivationCount != 0) && DateTime.UtcNow < deadline)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        Assert.Equal(1, flusher.Conflicts);
        Assert.Equal(0, catalog.ActivationCount);

        await client.SendHeartbeatAsync("10.0.0.5", pid: 5, seq: 3, ack: true);
        Assert.Equal(3, (await client.ReceiveTypeAsync("ack")).Seq);
        var session = await _silo.GetSessionAsync("10.0.0.5:5");
        Assert.NotNull(session);
        Assert.True(session.Connected);
        Assert.Equal("live", session.Status);
        Assert.Equal(0, session.Counters.Reconnects);
    }
}
