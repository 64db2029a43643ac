using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using SessionGrid.Postgres.Orleans;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>
/// A real Orleans silo in this process, on free loopback ports, with reminders and default grain
/// storage on a PostgreSQL database through <see cref="PostgresOrleansSiloBuilderExtensions"/>.
/// Silos started one after another with the same service id see the same reminders and state.
/// </summary>
public sealed class PostgresOrleansSilo : IAsyncDisposable
{
    /// <summary>A hang guard for start and stop, not a timing assertion.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly IHost _host;
    private bool _stopped;

    private PostgresOrleansSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public ReminderFirings Firings => Services.GetRequiredService<ReminderFirings>();

    public static async Task<PostgresOrleansSilo> StartAsync(string connectionString, string serviceId, Action<ISiloBuilder>? configure = null)
    {
        // A bare HostBuilder, not CreateDefaultBuilder: no appsettings.json or environment from the
        // test run can reconfigure the silo.
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreeLoopbackPort(), FreeLoopbackPort(), serviceId: serviceId, clusterId: serviceId)
                    .UsePostgresReminders(connectionString)
                    .AddPostgresGrainStorageAsDefault(connectionString)
                    // The default minimum is one minute; the tests use periods of seconds.
                    .Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                silo.Services.AddSingleton<ReminderFirings>();
                configure?.Invoke(silo);
            })
            .Build();
        try
        {
            await host.StartAsync().WaitAsync(Timeout);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new PostgresOrleansSilo(host);
    }

    /// <summary>Stops the silo gracefully (its grains deactivate, reminders stop ticking here).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync().WaitAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                _host.Dispose();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
