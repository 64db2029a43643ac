using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Benchmarks.Hosting;
using SessionGrid.Grains.Deadlines;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>
/// The silo's grain side in one process (an in-process Orleans silo with the session grains and their
/// store: the silo's composition minus Kestrel, the gateway and the API) and a fleet of sessions driven
/// through the real grain call path, as the gateway drives them minus the socket: attach with the
/// connection's observer, then one heartbeat. Each session is then a live activation with its state,
/// a miss deadline on the wheel, and its counters written behind.
/// </summary>
internal sealed class SessionFleet : IAsyncDisposable
{
    /// <summary>Long enough that no miss deadline comes during a run: the sessions stay live and idle.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Rows a session of the fleet writes: its claim on attach, then its heartbeat's counters behind.</summary>
    private const int RowsPerSession = 2;

    private readonly BenchSilo _silo;
    private int _attached;

    private SessionFleet(BenchSilo silo)
    {
        _silo = silo;
        Storage = silo.Get<ISessionStorageStatistics>();
        Wheel = silo.Get<TimingWheel>();
    }

    public IServiceProvider Services => _silo.Services;

    public ISessionStorageStatistics Storage { get; }

    public TimingWheel Wheel { get; }

    /// <summary>Sessions attached and heartbeaten so far.</summary>
    public int Attached => Volatile.Read(ref _attached);

    /// <param name="capacity">Sessions the run will hold in all; sizes the provider's pending buffer so no write is shed.</param>
    public static async Task<SessionFleet> StartAsync(SessionStore store, int capacity)
    {
        var settings = new Dictionary<string, string?>
        {
            ["HeartbeatPolicy:Interval"] = BenchSilo.Setting(Interval),
            ["Persistence:MaxPendingWrites"] = Math.Max(1_000_000, capacity * 2).ToString(CultureInfo.InvariantCulture),
        };
        var silo = await BenchSilo.StartAsync(settings, services =>
        {
            if (store == SessionStore.Discard)
            {
                // Registered first: the session grains only add the in-memory store when none is there.
                services.AddSingleton<ISessionStore>(new DiscardingSessionStore());
            }
        });
        return new SessionFleet(silo);
    }

    /// <summary>Session ids as a client fleet might use them (6 to 12 characters).</summary>
    public static string SessionId(int index) => "sess-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// What the gateway holds per connection (the observer and its reference, the remote endpoint, the
    /// declared ip), made before the baseline sample so that it does not count as the grain's.
    /// </summary>
    public FleetConnections PrepareConnections(int first, int count)
    {
        var connections = new BenchConnection[count];
        var ips = new string[count];
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            var ip = string.Create(CultureInfo.InvariantCulture, $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
            ips[i] = ip;
            connections[i] = BenchConnection.Create(_silo.Grains, n + 1, ip + ":" + (10_000 + (n % 50_000)).ToString(CultureInfo.InvariantCulture));
        }

        return new FleetConnections(first, connections, ips);
    }

    /// <summary>Attaches and heartbeats every session of <paramref name="fleet"/>, <paramref name="concurrency"/> at a time.</summary>
    public async Task<TimeSpan> ActivateAsync(FleetConnections fleet, int concurrency, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var lanes = new Task[Math.Min(concurrency, fleet.Count)];
        for (var lane = 0; lane < lanes.Length; lane++)
        {
            lanes[lane] = LaneAsync(fleet, lane, lanes.Length, cancellationToken);
        }

        await Task.WhenAll(lanes);
        return watch.Elapsed;
    }

    /// <summary>Session grain activations in the silo, as Orleans counts them.</summary>
    public async Task<int> CountActivationsAsync()
    {
        var statistics = await _silo.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics
            .Where(static s => s.GrainType.Contains("clientsession", StringComparison.OrdinalIgnoreCase))
            .Sum(static s => s.ActivationCount);
    }

    /// <summary>
    /// Waits until every session's write-behind has been written and nothing is in flight, so the sample
    /// holds no state copies on their way to the store: each session written twice (its claim on attach,
    /// then its heartbeat's counters behind) and no flush deadline left on the wheel (only each session's
    /// miss deadline). Should the grain ever write otherwise, five seconds without a row written will do.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellationToken, TextWriter? progress = null)
    {
        var lastRows = -1L;
        var quiet = 0;
        for (var second = 1; ; second++)
        {
            if (second % 10 == 0 && progress is not null)
            {
                await progress.WriteLineAsync($"settling: {Attached:N0} sessions, {Wheel.Count:N0} deadlines on the wheel, {Storage.PendingWrites:N0} writes pending, {Storage.RowsWritten:N0} rows written");
            }

            var rows = Storage.RowsWritten;
            // Not PendingWrites: SessionGrainStorage's count drifts upwards under concurrent writes (its
            // ++ under the lock races the writer's Interlocked.Decrement outside it), so it may never read 0.
            var idle = Wheel.Count <= Attached;
            quiet = idle && rows == lastRows ? quiet + 1 : 0;
            if ((idle && rows >= RowsPerSession * (long)Attached) || quiet >= 5)
            {
                return;
            }

            lastRows = rows;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _silo.DisposeAsync();

    private async Task LaneAsync(FleetConnections fleet, int lane, int lanes, CancellationToken cancellationToken)
    {
        for (var i = lane; i < fleet.Count; i += lanes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = fleet.First + i;
            var connection = fleet.Connections[i];
            var grain = _silo.Grains.GetGrain<IClientSessionGrain>(SessionId(index));
            var attached = await grain.AttachAsync(connection.Attach());
            if (attached.Status != SessionStatus.Live)
            {
                throw new InvalidOperationException($"Session {SessionId(index)} attached as {attached.Status}, not live.");
            }

            var outcome = await grain.HeartbeatAsync(new HeartbeatRequest(connection.ConnectionId, ClientDeclaredStatus.Live, fleet.Ips[i], null, 48));
            if (outcome != HeartbeatOutcome.Accepted)
            {
                throw new InvalidOperationException($"Session {SessionId(index)}: heartbeat {outcome}, not accepted.");
            }

            Interlocked.Increment(ref _attached);
        }
    }
}
