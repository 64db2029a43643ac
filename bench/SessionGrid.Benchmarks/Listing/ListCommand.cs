using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SessionGrid.Postgres.Migrations;
using SessionGrid.TestKit.Postgres;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Benchmarks.Listing;

/// <summary>
/// <c>list</c>: <c>GET /api/sessions</c> over real HTTP against a real silo on a throwaway PostgreSQL
/// holding a synthetic fleet (<see cref="SessionTableLoader"/>): latency percentiles of the first page
/// and of a deep page (reached by following <c>next</c>) for each filter and sort. The target
/// is p95 under 100 ms with 1,000,000 sessions.
/// </summary>
internal static class ListCommand
{
    public const string Name = "list";

    public const string Usage = """
        usage: list [--sessions N] [--requests N] [--depth N] [--limit N]
          --sessions N   sessions loaded into the throwaway PostgreSQL (default 1000000)
          --requests N   requests measured per case and page, after 3 unmeasured (default 100)
          --depth N      the deep page is page N+1, reached by following next N times (default 50)
          --limit N      page size, 1 to 1000 (default 100)
        """;

    /// <summary>
    /// Filter x sort cases: every sort both ways, alone and under the status filter, then each filter by id (the
    /// silo filter both by name, every generation, and by one owner value).
    /// </summary>
    internal static IReadOnlyList<string> Cases(DateTimeOffset now)
    {
        var cases = new List<string>();
        foreach (var sort in new[] { "id", "last-heartbeat", "state-since", "heartbeats" })
        {
            foreach (var order in new[] { "asc", "desc" })
            {
                cases.Add($"sort={sort}&order={order}");
                cases.Add($"status=leave&sort={sort}&order={order}");
            }
        }

        var recent = Uri.EscapeDataString(now.AddMinutes(-10).ToString("O", CultureInfo.InvariantCulture));
        var old = Uri.EscapeDataString(now.AddMinutes(-50).ToString("O", CultureInfo.InvariantCulture));
        cases.Add("silo=silo-b");
        cases.Add("silo=" + Uri.EscapeDataString(SessionTableLoader.Owner(row: 1, sessions: 2))); // silo-b's second generation
        cases.Add("ip=10.1.*");
        cases.Add("ip=10.1.2.0%2F24");
        cases.Add("prefix=fleet-07%2F");
        cases.Add("heartbeatAfter=" + recent);
        cases.Add("heartbeatBefore=" + old + "&sort=last-heartbeat&order=desc");
        cases.Add("status=live&silo=silo-c&sort=heartbeats&order=desc");
        cases.Add("status=live&ip=10.2.*&sort=last-heartbeat");
        return cases;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Count == 1 && args[0] is "--help" or "-h")
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        if (!TryParse(args, out var sessions, out var requests, out var depth, out var limit, out var problem))
        {
            await error.WriteLineAsync($"list: {problem}");
            await error.WriteLineAsync(Usage);
            return 2;
        }

        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("list");
        var now = DateTimeOffset.UtcNow;
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(cancellationToken);
            await output.WriteLineAsync($"loading {sessions:N0} sessions (COPY)...");
            var load = Stopwatch.StartNew();
            await SessionTableLoader.LoadAsync(dataSource, sessions, now, cancellationToken);
            await output.WriteLineAsync($"loaded and analysed in {load.Elapsed.TotalSeconds:F0} s");
        }

        // One client asking back to back: the per-client rate limit (100 a second by default) would measure 429s.
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["RateLimiting:PermitLimit"] = "1000000",
        });
        var rows = new List<string>();
        foreach (var filter in Cases(now))
        {
            var url = $"/api/sessions?limit={limit}&{filter}";
            var first = await MeasureAsync(silo.Http, url, requests, cancellationToken);
            var cursor = await FollowAsync(silo.Http, url, depth, cancellationToken);
            (int Rows, double P50, double P95, double P99)? deep = cursor is null ? null : await MeasureAsync(silo.Http, url + "&cursor=" + Uri.EscapeDataString(cursor), requests, cancellationToken);
            rows.Add($"| `{Uri.UnescapeDataString(filter)}` | {first.Rows} | {Ms(first.P50)} | {Ms(first.P95)} | {Ms(first.P99)} | "
                + (deep is { } d ? $"{Ms(d.P50)} | {Ms(d.P95)} | {Ms(d.P99)} |" : "(fewer pages) | | |"));
            await output.WriteLineAsync(rows[^1]);
        }

        var report = new StringBuilder()
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/SessionGrid.Benchmarks -- list {string.Join(' ', args)}`; {sessions:N0} sessions, pages of {limit}, {requests} requests per figure, deep page = page {depth + 1}.")
            .AppendLine()
            .AppendLine("| query | rows | first p50 ms | first p95 ms | first p99 ms | deep p50 ms | deep p95 ms | deep p99 ms |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        await output.WriteAsync(report.ToString());
        return 0;
    }

    private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static async Task<(int Rows, double P50, double P95, double P99)> MeasureAsync(HttpClient http, string url, int requests, CancellationToken cancellationToken)
    {
        var rows = 0;
        for (var i = 0; i < 3; i++)
        {
            rows = (await GetAsync(http, url, cancellationToken)).GetProperty("count").GetInt32();
        }

        var samples = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url, cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            response.EnsureSuccessStatusCode();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (rows, Percentile(samples, 0.50), Percentile(samples, 0.95), Percentile(samples, 0.99));
    }

    /// <summary>The cursor of page <paramref name="depth"/> + 1, or null when the list has fewer pages.</summary>
    private static async Task<string?> FollowAsync(HttpClient http, string url, int depth, CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var page = 0; page < depth; page++)
        {
            var body = await GetAsync(http, cursor is null ? url : url + "&cursor=" + Uri.EscapeDataString(cursor), cancellationToken);
            cursor = body.GetProperty("next").GetString();
            if (cursor is null)
            {
                return null;
            }
        }

        return cursor;
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    // Nearest rank.
    internal static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    internal static bool TryParse(IReadOnlyList<string> args, out int sessions, out int requests, out int depth, out int limit, out string? problem)
    {
        (sessions, requests, depth, limit, problem) = (1_000_000, 100, 50, 100, null);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = $"{name} needs a positive whole number";
                return false;
            }

            i++;
            switch (name)
            {
                case "--sessions":
                    sessions = value;
                    break;
                case "--requests":
                    requests = value;
                    break;
                case "--depth":
                    depth = value;
                    break;
                case "--limit" when value <= 1000:
                    limit = value;
                    break;
                case "--limit":
                    problem = "--limit is 1 to 1000";
                    return false;
                default:
                    problem = $"unknown option {name}";
                    return false;
            }
        }

        return true;
    }
}
