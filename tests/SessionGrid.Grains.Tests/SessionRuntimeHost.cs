using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using SessionGrid.Grains.Deadlines;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Grains.Tests.Sessions;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests;

/// <summary>
/// An Orleans silo with the session grains, in process, on a free loopback port and its own cluster id.
/// Only session time is manual (the keyed <see cref="SessionClock"/>); Orleans keeps real time. The
/// session store can be handed from a previous host to the next to simulate a silo restart, and a test
/// may put a store of its own in front of it (one that fails on cue); reminders live in Orleans' in-memory
/// table (lost with the host) unless a test passes its own table.
/// </summary>
internal sealed class SessionRuntimeHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly CapturingLoggerProvider _logs;

    private SessionRuntimeHost(IHost host, ManualTimeProvider time, CapturingLoggerProvider logs)
    {
        _host = host;
        _logs = logs;
        Time = time;
    }

    public ManualTimeProvider Time { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The session rows; hand it to the next host to simulate a restart.</summary>
    public MemorySessionStore Store => Services.GetRequiredService<MemorySessionStore>();

    public SessionGrainStorage Storage => Services.GetRequiredService<SessionGrainStorage>();

    public IReminderTable Reminders => Services.GetRequiredService<IReminderTable>();

    /// <summary>The silo's deadline wheel, ticked by the manual clock.</summary>
    public TimingWheel Wheel => Services.GetRequiredService<TimingWheel>();

    public static async Task<SessionRuntimeHost> StartAsync(
        ManualTimeProvider time,
        IDictionary<string, string?>? settings = null,
        MemorySessionStore? store = null,
        IReminderTable? reminders = null,
        ISessionStore? storeInFront = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var logs = new CapturingLoggerProvider();
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Debug)
                .AddFilter("Orleans", LogLevel.Warning)
                .AddFilter("Microsoft", LogLevel.Warning)
                .AddFilter("Polly", LogLevel.Warning)
                .AddProvider(logs))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePorts.Next(), 0, serviceId: "grain-tests", clusterId: "grain-tests-" + Guid.NewGuid().ToString("N"));
                silo.Configure<GrainCollectionOptions>(configuration.GetSection("Runtime"));
                silo.AddMemoryGrainStorageAsDefault();
                if (reminders is null)
                {
                    silo.UseInMemoryReminderService();
                }
                else
                {
                    silo.AddReminders();
                    silo.Services.AddSingleton(reminders);
                }

                // Session time only: the wheel, the state machine and the store's backoff run on it.
                silo.Services.AddKeyedSingleton<TimeProvider>(SessionClock.Key, time);
                silo.Services.AddSingleton(new SiloIdentity("grain-test", time.GetUtcNow()));
                if (store is not null)
                {
                    silo.Services.AddSingleton(store);
                }

                if (storeInFront is not null)
                {
                    // The provider writes through it; Store still reads the rows behind it.
                    silo.Services.AddSingleton(storeInFront);
                }

                silo.Services.AddSessionGrains(configuration);
            })
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new SessionRuntimeHost(host, time, logs);
    }

    public IClientSessionGrain Session(string id) => Grains.GetGrain<IClientSessionGrain>(id);

    /// <summary>Attaches <paramref name="connection"/> (as an observer reference) to session <paramref name="id"/>.</summary>
    public ValueTask<AttachResult> AttachAsync(string id, RecordingConnection connection, bool resumed = false)
        => Session(id).AttachAsync(new AttachRequest(connection.Reference(Grains), connection.ConnectionId, connection.RemoteEndpoint, null, resumed));

    /// <summary>Whether the session has an activation in this silo.</summary>
    public async Task<bool> IsActiveAsync(string id)
    {
        var grainId = Session(id).GetGrainId();
        var active = await Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(grainId.Type);
        return active.Contains(grainId);
    }

    /// <summary>
    /// Moves the session clock by <paramref name="advance"/>, then waits (real time, bounded) until the session
    /// satisfies <paramref name="condition"/>. Deadlines turn into grain calls that run on the silo, so a test
    /// must let them finish instead of moving the clock on under them.
    /// </summary>
    public async Task<SessionSnapshot> AdvanceThenWaitAsync(string id, TimeSpan advance, Func<SessionSnapshot, bool> condition)
    {
        Time.Advance(advance);
        SessionSnapshot? snapshot = null;
        if (await Eventually.TrueAsync(async () => (snapshot = await Session(id).GetSnapshotAsync()) is not null && condition(snapshot)))
        {
            return snapshot!;
        }

        throw new TimeoutException($"Session {id} did not reach the expected state; last: {snapshot}; {Describe()}");
    }

    /// <summary>Counters and recent logs, for failure messages.</summary>
    public string Describe()
    {
        var storage = Storage;
        return $"store batches {storage.BatchesWritten}, rows {storage.RowsWritten}, conflicts {storage.Conflicts}, pending {storage.PendingWrites}; now {Time.GetUtcNow()}"
            + Environment.NewLine + _logs.Tail(40);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
        }
    }
}
