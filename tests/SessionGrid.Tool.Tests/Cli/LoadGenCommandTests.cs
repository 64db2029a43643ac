using System.Text.Json;
using SessionGrid.TestKit;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.Cli;

/// <summary>The <c>loadgen</c> command end to end: the real parser, in-process, against a real silo of its own.</summary>
public sealed class LoadGenCommandTests(ToolSiloFixture fixture) : IClassFixture<ToolSiloFixture>
{
    [Fact]
    public async Task Loadgen_JsonToStdout_SummaryMatchesServer()
    {
        var before = fixture.Metrics.Heartbeats;

        var run = await CliRun.InvokeAsync(
            $"loadgen --target {fixture.Silo.Gateway} --clients 4 --interval 1 --duration 2 --silent 0.25 --misbehave-after 0.5 --id-prefix cli- --no-progress --json -");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(fixture.Silo.Gateway.ToString(), root.GetProperty("target").GetString());
        Assert.Equal(4, root.GetProperty("clients").GetInt32());
        Assert.Equal((3, 1), (root.GetProperty("modes").GetProperty("healthy").GetInt32(), root.GetProperty("modes").GetProperty("silent").GetInt32()));
        Assert.Equal(4, root.GetProperty("connections").GetProperty("up").GetInt64());
        Assert.Equal(4, root.GetProperty("serverFrames").GetProperty("welcome").GetInt64());
        Assert.Equal(1, root.GetProperty("detection").GetProperty("silenced").GetInt64());
        Assert.Equal(3000, root.GetProperty("detection").GetProperty("policyLeaveAfterMs").GetInt64());
        Assert.Equal(0, root.GetProperty("falseLeaves").GetInt64());
        var sent = root.GetProperty("heartbeatsSent").GetInt64();
        Assert.True(await Eventually.TrueAsync(() => fixture.Metrics.Heartbeats - before == sent));
        foreach (var key in new[] { "elapsedSeconds", "rampSeconds", "heartbeatsPerSecond", "reconnects", "errors" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"no \"{key}\" in the summary");
        }

        // The human summary went to standard error, so standard output is the JSON alone.
        Assert.Contains("heartbeats sent", run.Error);
    }

    [Fact]
    public async Task Loadgen_JsonToFile_WritesFileAndHumanSummary()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sessiongrid-loadgen-{Guid.NewGuid():N}.json");
        try
        {
            var run = await CliRun.InvokeAsync(
                $"loadgen --target {fixture.Silo.Gateway} --clients 2 --interval 1 --duration 1 --id-prefix cli-file- --no-progress --json {path}");

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("heartbeats sent", run.Output);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            Assert.Equal(2, json.RootElement.GetProperty("connections").GetProperty("up").GetInt64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Loadgen_Cancelled_StopsAndStillPrintsSummary()
    {
        using var cancel = new CancellationTokenSource();
        var running = CliRun.InvokeAsync(
            $"loadgen --target {fixture.Silo.Gateway} --clients 2 --interval 1 --duration 0 --id-prefix cli-cancel- --no-progress --json -".Split(' '),
            cancel.Token);
        await fixture.Silo.WaitForSessionAsync("cli-cancel-1", s => s.Counters.HeartbeatsReceived >= 1);

        cancel.Cancel();
        var run = await running;

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(2, json.RootElement.GetProperty("connections").GetProperty("openAtEnd").GetInt64());
        var session = await fixture.Silo.WaitForSessionAsync("cli-cancel-0", s => s.Status == "closed");
        Assert.Equal("client-closed", session.StatusReason);
    }

    [Fact]
    public async Task Loadgen_NothingListening_CompletesAndCountsRefused()
    {
        var port = Ports.Closed();

        var run = await CliRun.InvokeAsync($"loadgen --target 127.0.0.1:{port} --clients 3 --duration 0.1 --no-progress --json -");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(3, json.RootElement.GetProperty("connections").GetProperty("failed").GetInt64());
        Assert.Equal(3, json.RootElement.GetProperty("errors").GetProperty("refused").GetInt64());
    }

    [Fact]
    public async Task Loadgen_UnresolvableHost_ExitsOneWithMessage()
    {
        var run = await CliRun.InvokeAsync("loadgen --target no-such-host.invalid:14000 --clients 2 --no-progress --json -");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot resolve 'no-such-host.invalid'", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(2, json.RootElement.GetProperty("errors").GetProperty("dns").GetInt64());
        Assert.True(run.IsClean, run.Error);
    }
}
