using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Benchmarks.Memory;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Benchmarks.Tests.Memory;

public sealed class SessionFleetTests
{
    [Fact]
    public async Task ActivateAsync_DiscardStore_SessionsLiveWithAMissDeadlineAndNothingStored()
    {
        await using var fleet = await SessionFleet.StartAsync(SessionStore.Discard, 50);

        await fleet.ActivateAsync(SessionFleet.PrepareConnections(0, 50), 8, CancellationToken.None);
        await fleet.SettleAsync(CancellationToken.None);

        Assert.IsType<DiscardingGrainStorage>(fleet.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        Assert.Equal(50, fleet.Catalog.ActivationCount);
        var snapshot = await fleet.Services.GetRequiredService<IGrainFactory>().GetGrain<IClientSessionGrain>(SessionFleet.SessionId(49)).GetSnapshotAsync();
        Assert.NotNull(snapshot);
        Assert.Equal("live", snapshot.Status);
        Assert.NotNull(snapshot.LeaveDeadline);
        Assert.Equal(1, snapshot.Counters.HeartbeatsReceived);
        Assert.Equal(0, fleet.Flusher.DirtyCount);
    }

    [Fact]
    public async Task ActivateAsync_MemoryStore_OneStoredCopyPerSession()
    {
        await using var fleet = await SessionFleet.StartAsync(SessionStore.Memory, 40);

        await fleet.ActivateAsync(SessionFleet.PrepareConnections(0, 40), 8, CancellationToken.None);
        await fleet.SettleAsync(CancellationToken.None);

        var store = fleet.Services.GetRequiredKeyedService<MemoryGrainStorage>(GrainStorageNames.Default);
        Assert.Equal(40, store.Count(ClientSessionGrain.StateName));
    }

    [Fact]
    public async Task ActivateAsync_Cancelled_StopsWithOperationCanceled()
    {
        await using var fleet = await SessionFleet.StartAsync(SessionStore.Discard, 10);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fleet.ActivateAsync(SessionFleet.PrepareConnections(0, 10), 2, cancelled.Token));
        Assert.Equal(0, fleet.Catalog.ActivationCount);
    }

    [Fact]
    public void PrepareConnections_Range_DistinctIdsAndEndpoints()
    {
        var fleet = SessionFleet.PrepareConnections(100, 3);

        Assert.Equal(100, fleet.First);
        Assert.Equal(["10.0.0.100", "10.0.0.101", "10.0.0.102"], fleet.Ips);
        Assert.Equal(3, fleet.Connections.Select(c => c.ConnectionId).Distinct().Count());
        Assert.Equal("10.0.0.100:10100", fleet.Connections[0].RemoteEndpoint);
    }
}
