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
/// and of a deep page (reached by following <c>next</c>) for each filter and sort. The issue's target
/// is p95 under 100 ms with 1,000,000 sessions.
/// </summary>
internal static class ListCommand
{
    public const string Name = "list";

    public const string Usage = """
        usage: list [--sessions N] [--requests N] [--depth N] [--limit N] [--shared-buffers SIZE] [--huge-pages]
          --sessions N            sessions loaded into the throwaway PostgreSQL (default 1000000)
          --requests N            requests measured per case and page, after 3 unmeasured (default 100)
          --depth N               the deep page is page N+1, reached by following next N times (default 50)
          --limit N               page size, 1 to 1000 (default 100)
          --shared-buffers SIZE   PostgreSQL's shared_buffers, a whole number and MB or GB (default 2GB:
                                  the sessions table and its indexes, 1.04 GB per million sessions, fit)
          --huge-pages            shared buffers in huge pages (huge_pages = on); reserve them first, as root:
                                  sysctl -w vm.nr_hugepages=N (N = shared_buffers / 2 MB, plus 10%)
        """;

    /// <summary>
    /// The buffer pool a PostgreSQL serving this fleet needs: every live session's row is rewritten each heartbeat
    /// interval, so the table and its indexes are all hot (docs/operations.md, sizing). The test kit's 32 MB is for tests.
    /// </summary>
    internal const string DefaultSharedBuffers = "2GB";

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

        if (!TryParse(args, out var options, out var problem))
        {
            await error.WriteLineAsync($"list: {problem}");
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var (sessions, requests, depth, limit, sharedBuffers, hugePages) = options;
        await using var server = await PostgresServer.StartNewAsync();
        try
        {
            // What the server runs with, as it says, for the report.
            sharedBuffers = await ConfigureBufferPoolAsync(server, sharedBuffers, hugePages, cancellationToken);
        }
        catch (InvalidOperationException ex) when (hugePages)
        {
            await error.WriteLineAsync($"list: PostgreSQL did not start with shared_buffers {sharedBuffers} in huge pages; reserve them first (sysctl -w vm.nr_hugepages=N). {ex.Message}");
            return 1;
        }

        var bufferPool = $"shared_buffers {sharedBuffers}{(hugePages ? " in huge pages" : "")}";
        var connectionString = await server.CreateDatabaseAsync("list");
        var now = DateTimeOffset.UtcNow;
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(cancellationToken);
            await output.WriteLineAsync($"loading {sessions:N0} sessions (COPY), {bufferPool}...");
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
            .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/SessionGrid.Benchmarks -- list {string.Join(' ', args)}`; {sessions:N0} sessions, pages of {limit}, {requests} requests per figure, deep page = page {depth + 1}, {bufferPool}.")
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

    /// <summary>
    /// Sets the server's shared_buffers and huge_pages, which take a restart (before anything is loaded); returns the
    /// shared_buffers the server then reports. Huge pages matter on a VM where a page fault is dear: every backend maps
    /// each 4 kB page of the buffer pool it touches (a new connection's first ip-filtered page paid ~100 ms here).
    /// </summary>
    private static async Task<string> ConfigureBufferPoolAsync(PostgresServer server, string size, bool hugePages, CancellationToken cancellationToken)
    {
        // Unpooled: the restart ends every connection, and a pooled one would be handed out dead.
        var unpooled = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false }.ConnectionString;
        await using (var admin = new NpgsqlConnection(unpooled))
        {
            await admin.OpenAsync(cancellationToken);
            foreach (var setting in new[] { $"shared_buffers = '{size}'", $"huge_pages = {(hugePages ? "on" : "off")}" })
            {
                await using var command = new NpgsqlCommand("ALTER SYSTEM SET " + setting, admin);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await server.StopAsync();
        await server.StartAsync();
        await using var restarted = new NpgsqlConnection(unpooled);
        await restarted.OpenAsync(cancellationToken);
        await using var show = new NpgsqlCommand("SHOW shared_buffers", restarted);
        return (string)(await show.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static bool TryParse(IReadOnlyList<string> args, out ListOptions options, out string? problem)
    {
        options = new ListOptions(1_000_000, 100, 50, 100, DefaultSharedBuffers, HugePages: false);
        problem = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--huge-pages")
            {
                options = options with { HugePages = true };
                continue;
            }

            if (name == "--shared-buffers")
            {
                if (i + 1 >= args.Count || !IsBufferSize(args[i + 1]))
                {
                    problem = "--shared-buffers needs a size such as 32MB or 2GB";
                    return false;
                }

                options = options with { SharedBuffers = args[++i] };
                continue;
            }

            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = $"{name} needs a positive whole number";
                return false;
            }

            i++;
            switch (name)
            {
                case "--sessions":
                    options = options with { Sessions = value };
                    break;
                case "--requests":
                    options = options with { Requests = value };
                    break;
                case "--depth":
                    options = options with { Depth = value };
                    break;
                case "--limit" when value <= 1000:
                    options = options with { Limit = value };
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

    /// <summary>A whole number of MB (at least PostgreSQL's 128 kB floor, so 1) or GB, up to 64 GB; the statement quotes it, so nothing else passes.</summary>
    private static bool IsBufferSize(string value)
    {
        var unit = value.EndsWith("MB", StringComparison.Ordinal) ? 1 : value.EndsWith("GB", StringComparison.Ordinal) ? 1024 : 0;
        return unit != 0
            && int.TryParse(value.AsSpan(0, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount >= 1
            && (long)amount * unit <= 64 * 1024;
    }
}

/// <summary>What <c>list</c> runs: fleet size, samples, depth of the deep page, page size and PostgreSQL's buffer pool.</summary>
internal sealed record ListOptions(int Sessions, int Requests, int Depth, int Limit, string SharedBuffers, bool HugePages);
