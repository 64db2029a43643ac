using System.Net.Http.Json;
using SessionGrid.Api.Endpoints;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Cluster;

namespace SessionGrid.Cluster.Tests.Support;

/// <summary>Reads <c>GET /api/cluster</c> of a silo process.</summary>
public static class ClusterApi
{
    public static async Task<ClusterView> GetAsync(SiloProcess silo)
        => await silo.Http.GetFromJsonAsync<ClusterView>("/api/cluster") ?? throw new InvalidOperationException("/api/cluster returned nothing.");

    public static async Task<SessionPlacementView> GetPlacementAsync(SiloProcess silo, string id)
        => await silo.Http.GetFromJsonAsync<SessionPlacementView>($"/api/cluster/sessions/{Uri.EscapeDataString(id)}") ?? throw new InvalidOperationException("No placement returned.");

    /// <summary>Polls until the session has exactly one activation cluster-wide, on <paramref name="expected"/>.</summary>
    public static async Task<SessionPlacementView> WaitForPlacementAsync(SiloCluster cluster, string id, SiloProcess expected)
    {
        SessionPlacementView? last = null;
        var port = $":{expected.SiloPort}:";
        // 503 cluster-unavailable while the silos cannot all be asked (just after an outage) is "not yet".
        if (await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    last = await GetPlacementAsync(expected, id);
                }
                catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    return false;
                }

                return last.Activations == 1 && last.Silo?.Contains(port, StringComparison.Ordinal) == true;
            },
            timeout: TimeSpan.FromSeconds(60)))
        {
            return last!;
        }

        throw new TimeoutException($"Session {id} is not active exactly once on {expected.Name}; last: {last}\n{cluster.Describe()}");
    }

    /// <summary>Polls the silo's cluster view until <paramref name="condition"/> holds; fails with the last view and every silo's output.</summary>
    public static async Task<ClusterView> WaitAsync(SiloCluster cluster, SiloProcess silo, Func<ClusterView, bool> condition, TimeSpan? timeout = null)
    {
        ClusterView? last = null;
        if (await Eventually.TrueAsync(async () => condition(last = await GetAsync(silo)), timeout: timeout ?? TimeSpan.FromSeconds(60)))
        {
            return last!;
        }

        throw new TimeoutException($"The cluster view of {silo.Name} did not reach the expected state; last: {Describe(last)}\n{cluster.Describe()}");
    }

    public static string Describe(ClusterView? view)
        => view is null ? "none" : $"v{view.MembershipVersion} table {view.MembershipTable}: " + string.Join("; ", view.Silos.Select(s => $"{s.Name} {s.Address} {s.Status} sessions={s.SessionsOwned} conns={s.ConnectionsOpen}"));
}
