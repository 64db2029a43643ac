using System.Text;
using SessionGrid.TestKit.Postgres;
using SessionGrid.TestKit.Redis;

namespace SessionGrid.TestKit.Cluster;

/// <summary>
/// N real silos as separate processes in one cluster: one Redis membership table (a dedicated
/// <c>redis-server</c>), one PostgreSQL database (on the shared test server), one cluster id. Membership
/// options are short so that deaths are declared in seconds; tests may override any setting.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    /// <summary>Membership tuned for tests: a silo is suspected after ~3 missed 1 s probes.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastMembership = new Dictionary<string, string>
    {
        ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["Orleans:Membership:NumMissedProbesLimit"] = "3",
        ["Orleans:Membership:NumVotesForDeathDeclaration"] = "1",
        ["Orleans:Membership:TableRefreshTimeout"] = "00:00:02",
        ["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    private readonly List<SiloProcess> _silos = [];
    private readonly Dictionary<string, string> _settings;
    private int _next;

    private SiloCluster(RedisServer redis, string postgres, Dictionary<string, string> settings)
    {
        Redis = redis;
        Postgres = postgres;
        _settings = settings;
    }

    public RedisServer Redis { get; }

    /// <summary>The cluster's database connection string.</summary>
    public string Postgres { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public SiloProcess this[int index] => _silos[index];

    /// <summary>
    /// Starts Redis, a database (on the shared server unless <paramref name="postgres"/> names one, e.g. on a
    /// dedicated server a test stops) and <paramref name="count"/> silos, and waits until each is ready.
    /// </summary>
    public static async Task<SiloCluster> StartAsync(int count, IReadOnlyDictionary<string, string>? settings = null, string? postgres = null)
    {
        var redis = await RedisServer.StartNewAsync();
        postgres ??= await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("cluster");
        var all = new Dictionary<string, string>(FastMembership)
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["ConnectionStrings:Postgres"] = postgres,
            ["Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..12],
            ["Orleans:ServiceId"] = "sessiongrid-test",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var cluster = new SiloCluster(redis, postgres, all);
        try
        {
            // The first silo alone runs the migrations; the others start once it is in.
            await cluster.AddSiloAsync();
            await Task.WhenAll(Enumerable.Range(1, count - 1).Select(_ => cluster.AddSiloAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo in the cluster and waits until it is ready.</summary>
    public async Task<SiloProcess> AddSiloAsync()
    {
        SiloProcess silo;
        lock (_silos)
        {
            silo = SiloProcess.Start($"silo-{_next++}", _settings);
            _silos.Add(silo);
        }

        await silo.WaitReadyAsync();
        return silo;
    }

    /// <summary>Every silo's output, for failure messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var silo in _silos)
        {
            text.AppendLine($"===== {silo} {(silo.HasExited ? "(exited)" : "")}").AppendLine(silo.Output);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            try
            {
                if (!silo.HasExited)
                {
                    silo.Resume();
                }
            }
            catch (InvalidOperationException)
            {
                // Gone already.
            }

            await silo.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
