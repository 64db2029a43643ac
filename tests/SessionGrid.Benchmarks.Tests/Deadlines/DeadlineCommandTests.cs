using SessionGrid.Benchmarks.Deadlines;

namespace SessionGrid.Benchmarks.Tests.Deadlines;

[Collection(InProcessSilos.Name)]
public sealed class DeadlineCommandTests
{
    [Fact]
    public void TryParse_NoArguments_EveryMechanismAtASmallCount()
    {
        Assert.True(DeadlineCommand.TryParse([], out var options, out var error), error);
        Assert.Equal(10_000, options.Sessions);
        Assert.Equal([DeadlineMechanism.None, DeadlineMechanism.Wheel, DeadlineMechanism.GrainTimer], options.Mechanisms);
    }

    [Fact]
    public void TryParse_EveryOption_Applied()
    {
        Assert.True(DeadlineCommand.TryParse(["--sessions", "1,000,000", "--mechanism", "timer", "--rounds", "2", "--in-flight", "8", "--quiet", "60", "--miss-after", "120"], out var options, out var error), error);
        Assert.Equal(1_000_000, options.Sessions);
        Assert.Equal([DeadlineMechanism.GrainTimer], options.Mechanisms);
        Assert.Equal((2, 8, 60, 120), (options.Rounds, options.InFlight, options.QuietSeconds, options.MissAfterSeconds));
    }

    [Theory]
    [InlineData("unknown option '--session'.", "--session", "5")]
    [InlineData("--sessions needs a value.", "--sessions")]
    [InlineData("--mechanism must be none, wheel, timer or all (was 'reminder').", "--mechanism", "reminder")]
    [InlineData("--quiet must be at least 5 s shorter than --miss-after (30 s), so no deadline comes due in it (was 26).", "--quiet", "26")]
    [InlineData("--quiet must be at least 5 s shorter than --miss-after (60 s), so no deadline comes due in it (was 58).", "--miss-after", "60", "--quiet", "58")]
    [InlineData("--miss-after takes a whole number from 30 to 3,600 (was '20').", "--miss-after", "20")]
    [InlineData("--sessions takes a whole number from 1 to 50,000,000 (was '0').", "--sessions", "0")]
    public void TryParse_BadArguments_OneSentenceNamingTheOption(string expected, params string[] args)
    {
        Assert.False(DeadlineCommand.TryParse(args, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task RunAsync_SmallFleet_EveryMechanismMeasuredAndNoDeadlineMissed()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await DeadlineCommand.RunAsync(["--sessions", "200", "--rounds", "1", "--quiet", "1"], output, error);

        Assert.True(code == 0, error.ToString());
        var rows = output.ToString().Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| mechanism", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["None", "Wheel", "GrainTimer"], rows.Select(r => r.Split('|')[1].Trim()));
        Assert.All(rows, r => Assert.EndsWith("| 0 |", r, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, new[] { 1_000 })]
    [InlineData("1000000", new[] { 1_000_000 })]
    [InlineData("100, 10000", new[] { 100, 10_000 })]
    public void ParseSessionCounts_Variable_CountsOrTheSmallDefault(string? value, int[] expected)
    {
        Assert.Equal(expected, DeadlineHeartbeatBenchmarks.ParseSessionCounts(value));
    }

    [Fact]
    public void ParseSessionCounts_NotACount_Throws()
    {
        Assert.Throws<FormatException>(() => DeadlineHeartbeatBenchmarks.ParseSessionCounts("many"));
    }
}
