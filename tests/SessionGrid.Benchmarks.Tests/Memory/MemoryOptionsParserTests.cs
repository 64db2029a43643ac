using SessionGrid.Benchmarks.Memory;

namespace SessionGrid.Benchmarks.Tests.Memory;

public sealed class MemoryOptionsParserTests
{
    [Fact]
    public void TryParse_NoArguments_DefaultsToAMillionDiscarded()
    {
        Assert.True(MemoryOptionsParser.TryParse([], out var options, out var error), error);
        Assert.Equal(1_000_000, options.Sessions);
        Assert.Equal(SessionStore.Discard, options.Store);
        Assert.False(options.Breakdown);
        Assert.Equal(TimeSpan.Zero, options.Running);
    }

    [Fact]
    public void TryParse_EveryOption_Applied()
    {
        string[] args = ["--sessions", "1,000", "--storage", "memory", "--warmup", "0", "--concurrency", "8", "--running", "60", "--breakdown", "--json", "out.json"];

        Assert.True(MemoryOptionsParser.TryParse(args, out var options, out var error), error);
        Assert.Equal(1000, options.Sessions);
        Assert.Equal(SessionStore.Memory, options.Store);
        Assert.Equal(0, options.Warmup);
        Assert.Equal(8, options.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Running);
        Assert.True(options.Breakdown);
        Assert.Equal("out.json", options.JsonPath);
    }

    [Theory]
    [InlineData("unknown option '--session'.", "--session", "5")]
    [InlineData("--sessions needs a value.", "--sessions")]
    [InlineData("--sessions must be a whole number (was 'many').", "--sessions", "many")]
    [InlineData("--sessions must be at least 1 (was 0).", "--sessions", "0")]
    [InlineData("--warmup must not be negative (was -1).", "--warmup", "-1")]
    [InlineData("--concurrency must be at least 1 (was 0).", "--concurrency", "0")]
    [InlineData("--running must be whole seconds from 0 to 3600 (was -1).", "--running", "-1")]
    [InlineData("--running must be whole seconds from 0 to 3600 (was 3601).", "--running", "3601")]
    [InlineData("--running must be a whole number (was '1.5').", "--running", "1.5")]
    [InlineData("--storage must be 'discard' or 'memory' (was 'postgres').", "--storage", "postgres")]
    [InlineData("--storage must be 'discard' or 'memory' (was '0').", "--storage", "0")]
    [InlineData("--breakdown walks every object by reflection: use --sessions 200000 or fewer (was 1000000).", "--breakdown")]
    [InlineData("--sessions plus --warmup must be at most 50,000,000 (was 60000000).", "--sessions", "50000000", "--warmup", "10000000")]
    public void TryParse_BadArguments_OneSentenceNamingTheOption(string expected, params string[] args)
    {
        Assert.False(MemoryOptionsParser.TryParse(args, out _, out var error));
        Assert.Equal(expected, error);
    }
}
