using System.Net;
using Npgsql;
using NpgsqlTypes;

namespace SessionGrid.Benchmarks.Listing;

/// <summary>
/// Fills <c>sessions</c> with a synthetic fleet by binary COPY: ids <c>fleet-NN/device-NNNNNNN</c> in 100
/// fleets, 70% live, 20% leave, 10% closed, three silos in two generations each (the first half of the rows
/// owned by the first, as after a rolling restart: <see cref="Owner"/>), remote addresses spread over 10.0.0.0/8,
/// last heartbeats over the hour before <paramref name="now"/> (5% never heartbeated), 0..9,999 heartbeats.
/// Seeded, so every run loads the same rows.
/// </summary>
internal static class SessionTableLoader
{
    public static readonly string[] Silos = ["silo-a", "silo-b", "silo-c"];

    /// <summary>The owner value of row <paramref name="row"/> of <paramref name="sessions"/>, as a silo writes it (name/address@generation).</summary>
    public static string Owner(int row, int sessions)
        => $"{Silos[row % Silos.Length]}/10.0.0.{1 + (row % Silos.Length)}:11111@{(row < sessions / 2 ? 502100000 : 502200000) + (row % Silos.Length)}";

    public static async Task LoadAsync(NpgsqlDataSource dataSource, int sessions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var random = new Random(20261205);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY sessions (session_id, incarnation, status, status_reason, first_seen, state_since, last_heartbeat, last_activity, "
            + "interval_ms, heartbeats_received, connected, remote_endpoint, remote_ip, remote_port, owner_silo, owner_epoch, version) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            var start = now.AddHours(-2).ToUniversalTime();
            for (var i = 0; i < sessions; i++)
            {
                var roll = random.Next(100);
                var status = roll < 70 ? "live" : roll < 90 ? "leave" : "closed";
                var ip = new IPAddress([10, (byte)random.Next(256), (byte)random.Next(256), (byte)(1 + random.Next(254))]);
                var port = 1024 + random.Next(60000);
                DateTimeOffset? heartbeat = random.Next(20) == 0 ? null : now.AddMilliseconds(-random.Next(3_600_000)).ToUniversalTime();
                var since = (heartbeat ?? start).AddSeconds(-random.Next(600));
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync($"fleet-{i % 100:D2}/device-{i:D7}", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(status, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync("connected", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(start, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(since, NpgsqlDbType.TimestampTz, cancellationToken);
                if (heartbeat is { } h)
                {
                    await writer.WriteAsync(h, NpgsqlDbType.TimestampTz, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }

                await writer.WriteAsync(heartbeat ?? start, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(10_000L, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync((long)random.Next(10_000), NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(status == "live", NpgsqlDbType.Boolean, cancellationToken);
                await writer.WriteAsync($"{ip}:{port}", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(ip, NpgsqlDbType.Inet, cancellationToken);
                await writer.WriteAsync(port, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(Owner(i, sessions), NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE sessions", connection) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }
}
