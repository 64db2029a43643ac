using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SessionGrid.TestKit;

namespace SessionGrid.Cluster.Tests.Deploy;

/// <summary>
/// deploy/local-cluster.sh as a user runs it: redis-server, PostgreSQL, two silos and HAProxy come up,
/// a client's heartbeat goes through HAProxy, both silos are in the cluster, and a stop signal (Ctrl+C or
/// SIGTERM) stops all of it. Bad command lines of it and of bench/cluster.sh exit 2 with one sentence.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LocalClusterScriptTests
{
    private static readonly TimeSpan StartGuard = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData("local", "--silos 0", "--silos takes 1 to 99 (got '0')")]
    [InlineData("local", "--gateway-port 70000", "ports are 0 to 65535 (got '70000')")]
    [InlineData("local", "--cluster-id a/b", "--cluster-id takes letters, digits")]
    [InlineData("local", "--bogus", "unknown option '--bogus'")]
    [InlineData("local", "--silos", "--silos needs a value")]
    [InlineData("bench", "--clients lots", "--clients takes a positive whole number (got 'lots')")]
    [InlineData("bench", "--silos 0", "--silos takes a positive whole number (got '0')")]
    public async Task BadUsage_ExitTwoWithOneSentence(string which, string args, string expected)
    {
        var script = which == "local" ? Scripts.LocalCluster : Scripts.ClusterBench;

        var (exitCode, _, error) = await Scripts.RunAsync(script, TimeSpan.FromSeconds(60), args.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error);
        Assert.Contains("usage:", error);
    }

    [Fact]
    public async Task TwoSilos_HeartbeatThroughHAProxy_ThenAStopSignalStopsEverything()
    {
        var ready = Path.Combine(Path.GetTempPath(), $"local-cluster-{Guid.NewGuid():N}.json");
        using var script = Scripts.Start(Scripts.LocalCluster, "--silos", "2", "--gateway-port", "0", "--http-port", "0", "--ready-file", ready);
        var output = script.StandardOutput.ReadToEndAsync();
        var error = script.StandardError.ReadToEndAsync();
        int[] silos = [];
        try
        {
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(File.Exists(ready) || script.HasExited), timeout: StartGuard),
                $"local-cluster.sh did not get ready within {StartGuard}");
            if (script.HasExited)
            {
                Assert.Fail($"local-cluster.sh exited {script.ExitCode} before it was ready: {await error}");
            }

            using var endpoints = JsonDocument.Parse(await File.ReadAllTextAsync(ready));
            var root = endpoints.RootElement;
            silos = [.. root.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("pid").GetInt32())];

            await using var client = await FrameClient.ConnectAsync(IPEndPoint.Parse(root.GetProperty("gateway").GetString()!));
            await client.SendHeartbeatAsync("10.9.0.1", id: "through-haproxy", seq: 1, ack: true);
            Assert.Equal(1, (await client.ReceiveTypeAsync("ack")).Seq);

            using var http = new HttpClient { BaseAddress = new Uri(root.GetProperty("http").GetString()!) };
            Assert.True(await Eventually.TrueAsync(async () =>
            {
                var cluster = JsonDocument.Parse(await http.GetStringAsync("/api/cluster")).RootElement;
                return cluster.GetProperty("silos").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "active") == 2;
            }), "the cluster view never showed two active silos");
            var session = JsonDocument.Parse(await http.GetStringAsync("/api/sessions/through-haproxy")).RootElement;
            Assert.Equal("live", session.GetProperty("status").GetString());
        }
        finally
        {
            // SIGTERM runs the same trap as Ctrl+C's SIGINT, which a shell cannot trap when it was started with
            // SIGINT ignored (as every process under a background job is, such as a CI run).
            if (!script.HasExited)
            {
                using var stop = Process.Start("kill", ["-TERM", script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await stop.WaitForExitAsync();
            }
        }

        using (var stopGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await script.WaitForExitAsync(stopGuard.Token);
        }

        Assert.Equal(0, script.ExitCode);
        Assert.Contains("Ctrl+C stops everything.", await output);
        Assert.Contains("stopping", await error);
        Assert.All(silos, pid => Assert.False(IsAlive(pid), $"silo process {pid} still runs"));
        Assert.False(File.Exists(ready), "the ready file outlived the cluster");
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
