using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>
/// <c>GET /api/cluster</c>. Membership and activation counts come from Orleans' management grain and
/// membership service; connections and heartbeat rates from each silo's <see cref="ISiloLoadService"/>.
/// A silo that does not answer within <see cref="SiloTimeout"/> is listed with its load unknown (null).
/// </summary>
public static class ClusterEndpoints
{
    private static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(2);
    private static readonly string SessionGrainType = typeof(ClientSessionGrain).FullName!;

    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cluster", GetAsync);
        endpoints.MapGet("/api/cluster/sessions/{**id}", GetSessionPlacementAsync);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(IServiceProvider services)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var membership = services.GetRequiredService<IClusterMembershipService>();
        var local = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var loads = services.GetRequiredService<ISiloLoadClient>();
        var snapshot = membership.CurrentSnapshot;
        var management = grains.GetGrain<IManagementGrain>(0);

        var view = snapshot.Members.Values
            .OrderBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(m => new ClusterMemberView(m.SiloAddress.ToString(), m.Name, Word(m.Status)))
            .ToList();
        var active = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();

        var table = "reachable";
        List<Entry> entries;
        try
        {
            var hosts = await management.GetDetailedHosts(onlyActive: false).WaitAsync(SiloTimeout);
            entries = [.. hosts.Select(h => new Entry(h.SiloAddress, h.SiloName, h.Status, h.StartTime, h.IAmAliveTime))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            table = "unreachable";
            entries = [.. snapshot.Members.Values.Select(m => new Entry(m.SiloAddress, m.Name, m.Status, null, null))];
        }

        var sessions = await SessionsOwnedAsync(management, active);
        var silos = new List<ClusterSiloView>(entries.Count);
        foreach (var (entry, load) in entries.Zip(await Task.WhenAll(entries.Select(e => LoadAsync(loads, e)))))
        {
            silos.Add(new ClusterSiloView(
                entry.Address.ToString(),
                entry.Name,
                Word(entry.Status),
                entry.StartedAt is { } started ? new DateTimeOffset(started, TimeSpan.Zero) : null,
                entry.IAmAliveAt is { } alive ? new DateTimeOffset(alive, TimeSpan.Zero) : null,
                entry.Address.Equals(local),
                sessions?.GetValueOrDefault(entry.Address) ?? (entry.Status == SiloStatus.Active && sessions is not null ? 0 : null),
                load?.ConnectionsOpen,
                load?.HeartbeatsPerSecond));
        }

        silos.Sort(static (a, b) => string.CompareOrdinal(a.Address, b.Address));
        return Results.Ok(new ClusterView(local.ToString(), snapshot.Version.Value, table, silos, view));
    }

    /// <summary>Where a session is active: its activations cluster-wide (every silo's catalog) and the directory's silo.</summary>
    private static async Task<IResult> GetSessionPlacementAsync(string id, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 512)
        {
            return Problems.BadRequest("invalid-id", "A session id is 1 to 512 characters.");
        }

        var grain = grains.GetGrain<IClientSessionGrain>(id);
        var grainId = grain.GetGrainId();
        var management = grains.GetGrain<IManagementGrain>(0);
        try
        {
            // Asks every silo in the membership table, so it needs the table.
            var active = await management.GetActiveGrains(grainId.Type).AsTask().WaitAsync(SiloTimeout);
            var silo = await management.GetActivationAddress(grain);
            return Results.Ok(new SessionPlacementView(id, active.Count(g => g.Equals(grainId)), silo?.ToString()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Results.Problem(
                detail: $"The silos could not be asked where session '{id}' is active ({ex.GetType().Name}); the membership table may be unreachable.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Service unavailable",
                extensions: new Dictionary<string, object?> { ["code"] = "cluster-unavailable" });
        }
    }

    private static async Task<Dictionary<SiloAddress, long>?> SessionsOwnedAsync(IManagementGrain management, SiloAddress[] active)
    {
        try
        {
            var statistics = await management.GetSimpleGrainStatistics(active).WaitAsync(SiloTimeout);
            return statistics
                .Where(s => s.GrainType.Contains(SessionGrainType, StringComparison.Ordinal))
                .GroupBy(s => s.SiloAddress)
                .ToDictionary(g => g.Key, g => (long)g.Sum(s => s.ActivationCount));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<SiloLoad?> LoadAsync(ISiloLoadClient loads, Entry entry)
        => entry.Status == SiloStatus.Active ? await loads.GetLoadAsync(entry.Address, SiloTimeout) : null;

    private static string Word(SiloStatus status) => status.ToString().ToLowerInvariant();

    private readonly record struct Entry(SiloAddress Address, string? Name, SiloStatus Status, DateTime? StartedAt, DateTime? IAmAliveAt);
}
