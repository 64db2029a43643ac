using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Api.Security;
using SessionGrid.Api.Stats;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Events;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Data;

/// <summary>
/// What the pages read and do, in process: the same query interfaces, grains and event hub the API
/// uses, and the API's role policies for acting. Pages never reach storage themselves.
/// </summary>
public sealed class DashboardData(
    ISessionQuery sessions,
    ISessionEventQuery events,
    SessionEventHub hub,
    HeartbeatRate heartbeats,
    IClusterMembershipService membership,
    ISiloLoadClient loads,
    IGrainFactory grains,
    IAuthorizationService authorization,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time)
{
    /// <summary>The most transitions the detail page shows.</summary>
    public const int TimelineLimit = 1000;

    /// <summary>How long the overview waits for a silo's heartbeat counter before drawing a gap for it.</summary>
    public static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(1);

    public async Task<OverviewFigures> OverviewAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var bySilo = HeartbeatsBySiloAsync();
        var counts = await sessions.CountAsync(cancellationToken);
        var transitions = await events.CountSinceAsync(at - TimeSpan.FromMinutes(1), cancellationToken);
        return new OverviewFigures(at, counts, heartbeats.PerSecond, transitions, await bySilo);
    }

    /// <summary>Each active silo's heartbeat counter, asked of its load service (as <c>GET /api/cluster</c> does): one small call per silo.</summary>
    private async Task<IReadOnlyDictionary<string, long?>> HeartbeatsBySiloAsync()
    {
        var silos = membership.CurrentSnapshot.Members.Values.Where(static m => m.Status == SiloStatus.Active).ToList();
        var counts = await Task.WhenAll(silos.Select(HeartbeatsAsync));
        return silos.Zip(counts).ToDictionary(static p => SessionOwner.Format(p.First.Name, p.First.SiloAddress), static p => p.Second, StringComparer.Ordinal);
    }

    private async Task<long?> HeartbeatsAsync(ClusterMember silo) => (await loads.GetLoadAsync(silo.SiloAddress, SiloTimeout))?.Heartbeats;

    public ValueTask<SessionListPage> ListAsync(SessionListQuery query, CancellationToken cancellationToken)
        => sessions.ListAsync(query, cancellationToken);

    public ValueTask<SessionSnapshot?> GetAsync(string sessionId) => grains.GetGrain<IClientSessionGrain>(sessionId).GetSnapshotAsync();

    /// <summary>The session's transitions, oldest first.</summary>
    public async Task<IReadOnlyList<SessionEvent>> TimelineAsync(string sessionId, CancellationToken cancellationToken)
    {
        var newestFirst = await events.LatestAsync(new SessionEventFilter(SessionId: sessionId), TimelineLimit, cancellationToken);
        return newestFirst.Reverse().ToList();
    }

    /// <summary>The newest transitions of every session, newest first.</summary>
    public ValueTask<IReadOnlyList<SessionEvent>> LatestAsync(int limit, CancellationToken cancellationToken)
        => events.LatestAsync(SessionEventFilter.All, limit, cancellationToken);

    /// <summary>This silo's live transitions from now on; dispose to stop.</summary>
    public SessionEventSubscription Subscribe() => hub.Subscribe(SessionEventFilter.All);

    /// <summary>Whether <paramref name="user"/> may kick (the API's operator policy).</summary>
    public async Task<bool> CanKickAsync(ClaimsPrincipal user)
        => (await authorization.AuthorizeAsync(user, ApiPolicies.Operator)).Succeeded;

    /// <summary>
    /// Kicks the session as <paramref name="user"/>; the role is checked here as the API checks it, whatever
    /// the page showed. False when the session does not exist or is already closed.
    /// </summary>
    public async Task<bool> KickAsync(ClaimsPrincipal user, string sessionId, string? note)
    {
        if (!await CanKickAsync(user))
        {
            throw new UnauthorizedAccessException("Kicking a session needs the operator role.");
        }

        return await grains.GetGrain<IClientSessionGrain>(sessionId).KickAsync(new KickRequest(user.ActorName(), note));
    }
}
