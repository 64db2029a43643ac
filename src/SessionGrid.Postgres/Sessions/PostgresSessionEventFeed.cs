using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SessionGrid.Grains.Events;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// Feeds this silo's <see cref="SessionEventHub"/> with every silo's transitions: LISTENs on the
/// <c>session_events</c> channel (migration 0004 notifies each committed event's id), reads the announced
/// rows and publishes them in id order. A lost connection is re-opened with a growing delay; events
/// committed while it was down are not replayed to the live feed (the event log has them).
/// </summary>
public sealed partial class PostgresSessionEventFeed(
    NpgsqlDataSource dataSource,
    PostgresSessionEventQuery events,
    SessionEventHub hub,
    ILogger<PostgresSessionEventFeed> logger) : BackgroundService
{
    /// <summary>The channel migration 0004's trigger notifies.</summary>
    public const string Channel = "session_events";

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private List<long> _pending = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                LogListenFailed(logger, ex, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
        connection.Notification += OnNotification;
        await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
        }

        LogListening(logger);
        while (true)
        {
            await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
            await PublishPendingAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            lock (_gate)
            {
                _pending.Add(id);
            }
        }
    }

    private async Task PublishPendingAsync(CancellationToken cancellationToken)
    {
        List<long> ids;
        lock (_gate)
        {
            (ids, _pending) = (_pending, []);
        }

        if (ids.Count == 0 || hub.Subscribers == 0)
        {
            return;
        }

        foreach (var item in await events.ReadByIdsAsync([.. ids], cancellationToken).ConfigureAwait(false))
        {
            hub.Publish(item);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Listening for session events of every silo")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "The session event feed lost its database connection; retrying in {DelaySeconds} s")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, double delaySeconds);
}
