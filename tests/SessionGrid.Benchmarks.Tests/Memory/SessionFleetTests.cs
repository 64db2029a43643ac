using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Benchmarks.Memory;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Benchmarks.Tests.Memory;

[Collection(InProcessSilos.Name)]
public sealed class SessionFleetTests
{
    [Fact]
    public async Task ActivateAsync_DiscardStore_SessionsLiveWithAMissDeadlineAndNothingStored()
    {
        await using var fleet = await SessionFleet.StartAsync(SessionStore.Discard, 50);
        var connections = fleet.PrepareConnections(0, 50);

        await fleet.ActivateAsync(connections, 8, CancellationToken.None);
        await fleet.SettleAsync(CancellationToken.None);

        var store = Assert.IsType<DiscardingSessionStore>(fleet.Services.GetRequiredService<ISessionStore>());
        Assert.Equal(50, await fleet.CountActivationsAsync());
        Assert.Equal(50, fleet.Wheel.Count);
        var snapshot = await fleet.Services.GetRequiredService<IGrainFactory>().GetGrain<IClientSessionGrain>(SessionFleet.SessionId(49)).GetSnapshotAsync();
        Assert.NotNull(snapshot);
        Assert.Equal("live", snapshot.Status);
        Assert.NotNull(snapshot.LeaveDeadline);
        Assert.Equal(1, snapshot.Counters.HeartbeatsReceived);

        // Each session's claim on attach, then its heartbeat's counters written behind.
        Assert.Equal(100, store.Rows);
        GC.KeepAlive(connections);
    }

    [Fact]
    public async Task ActivateAsync_MemoryStore_OneStoredCopyPerSession()
    {
        await using var fleet = await SessionFleet.StartAsync(SessionStore.Memory, 40);
        var connections = fleet.PrepareConnections(0, 40);

        await fleet.ActivateAsync(connections, 8, CancellationToken.None);
        await fleet.SettleAsync(CancellationToken.None);

        Assert.Equal(40, fleet.Services.GetRequiredService<MemorySessionStore>().Count);
        GC.KeepAlive(connections);
    }

    [Fact]
    public async Task ActivateAsync_Cancelled_StopsWithOperationCanceled()
    {
        await using var fleet = await SessionFleet.StartAsync(SessionStore.Discard, 10);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fleet.ActivateAsync(fleet.PrepareConnections(0, 10), 2, cancelled.Token));
        Assert.Equal(0, await fleet.CountActivationsAsync());
    }

    [Fact]
    public async Task PrepareConnections_Range_DistinctIdsEndpointsAndObservers()
    {
        await using var fleet = await SessionFleet.StartAsync(SessionStore.Discard, 3);

        var connections = fleet.PrepareConnections(100, 3);

        Assert.Equal(100, connections.First);
        Assert.Equal(["10.0.0.100", "10.0.0.101", "10.0.0.102"], connections.Ips);
        Assert.Equal(3, connections.Connections.Select(c => c.ConnectionId).Distinct().Count());
        Assert.Equal(3, connections.Connections.Select(c => c.Reference).Distinct().Count());
        Assert.Equal("10.0.0.100:10100", connections.Connections[0].RemoteEndpoint);
    }
}
