using System.Text.Json;
using SessionGrid.Benchmarks.Memory;

namespace SessionGrid.Benchmarks.Tests.Memory;

[Collection(InProcessSilos.Name)]
public sealed class MemoryCommandTests
{
    [Fact]
    public async Task RunAsync_SmallFleetAsJson_ReportsEveryActivation()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await MemoryCommand.RunAsync(["--sessions", "400", "--warmup", "100", "--concurrency", "16", "--json", "-"], output, error);

        Assert.True(code == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(500, root.GetProperty("activations").GetInt32());
        Assert.Equal("discard", root.GetProperty("run").GetProperty("storage").GetString());
        Assert.Equal(0, root.GetProperty("shedWrites").GetInt64());
        Assert.True(root.GetProperty("managedBytesPerSession").GetDouble() > 0, output.ToString());
        Assert.True(root.GetProperty("after").GetProperty("rssBytes").GetInt64() > 0, output.ToString());

        // The aggressive collection hands free GC memory back: RSS then is no larger than before it, give or
        // take the few pages the sampling itself touches.
        var after = root.GetProperty("after");
        Assert.InRange(after.GetProperty("trimmedRssBytes").GetInt64(), 1, after.GetProperty("rssBytes").GetInt64() + (256 * 1024));

        // Without --running there is no running figure.
        Assert.Equal(JsonValueKind.Null, root.GetProperty("runningRssBytes").ValueKind);
    }

    [Fact]
    public async Task RunAsync_Running_ReadsRssAfterTheSiloRanOnItsOwn()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await MemoryCommand.RunAsync(["--sessions", "200", "--warmup", "50", "--concurrency", "16", "--running", "1"], output, error);

        Assert.True(code == 0, error.ToString());
        Assert.Contains("| process RSS after the silo ran 1 s on its own (no forced trim) |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Breakdown_FindsOneSessionStatePerSession()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await MemoryCommand.RunAsync(["--breakdown", "--sessions", "300", "--warmup", "50", "--storage", "memory"], output, error);

        Assert.True(code == 0, error.ToString());
        var text = output.ToString();
        Assert.True(text.Contains("| `SessionState` | 2 |", StringComparison.Ordinal), text);
        Assert.True(text.Contains("| `ActivationData` | 1 |", StringComparison.Ordinal), text);
        Assert.Contains("storage: in-memory", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadOption_ExitsTwoWithUsage()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await MemoryCommand.RunAsync(["--sessions", "-3"], output, error);

        Assert.Equal(2, code);
        Assert.StartsWith("memory: --sessions must be at least 1 (was -3).", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: memory", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Main_MemoryVerb_DoesNotReachBenchmarkDotNet()
    {
        // A bad memory option returns at once; reaching the switcher would print its own help and return 0.
        Assert.Equal(2, await Program.Main(["memory", "--storage", "nowhere"]));
    }
}
