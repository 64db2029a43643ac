using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.Cli;

/// <summary>Bad command lines: exit code 2, one clear sentence naming the problem, no stack trace, nothing run.</summary>
public sealed class BadUsageTests
{
    [Theory]
    [InlineData("loadgen --silent 0.6 --garbage 0.5", "add up to 1.1")]
    [InlineData("loadgen --silent 1.5", "--silent is a fraction and must be between 0 and 1 (got 1.5)")]
    [InlineData("loadgen --reset -0.1", "--reset is a fraction")]
    [InlineData("loadgen --clients -5", "--clients must be at least 1 (got -5)")]
    [InlineData("loadgen --clients 0", "--clients must be at least 1")]
    [InlineData("loadgen --interval -1", "--interval must be from 0 to 4294967 seconds (got -1)")]
    [InlineData("loadgen --duration -3", "--duration must be from 0 to 4294967 seconds")]
    [InlineData("loadgen --duration 5000000", "--duration must be from 0 to 4294967 seconds (got 5000000)")]
    [InlineData("loadgen --interval 1e13", "--interval must be from 0 to 4294967 seconds")]
    [InlineData("loadgen --ramp 0", "--ramp must be a number greater than 0")]
    [InlineData("loadgen --jitter 2", "--jitter is a fraction")]
    [InlineData("loadgen --misbehave-after -1", "--misbehave-after must be from 0 to 4294967 seconds")]
    [InlineData("loadgen --first-index -1", "--first-index must be 0 or more")]
    [InlineData("loadgen --target nonsense", "has no port")]
    [InlineData("loadgen --target 127.0.0.1:99999", "the port must be a number from 1 to 65535")]
    [InlineData("loadgen --target ::1:14000", "in brackets")]
    [InlineData("loadgen --target bad_host!:14000", "not a valid host name")]
    [InlineData("loadgen --source-addresses 127.0.0.9-127.0.0.2", "ends before it starts")]
    [InlineData("loadgen --source-addresses 300.1.1.1", "'300.1.1.1' is not an IP address")]
    [InlineData("loadgen --source-addresses 127.0.0.2,,127.0.0.3", "an entry is empty")]
    [InlineData("loadgen --source-addresses 127.0.0.2,::1", "mixes IPv4 and IPv6")]
    [InlineData("loadgen --json /no/such/folder/summary.json", "does not exist")]
    [InlineData("loadgen --encoding triple", "triple")]
    [InlineData("loadgen --clients many", "many")]
    [InlineData("loadgen --no-such-option", "--no-such-option")]
    [InlineData("nothing-like-this", "nothing-like-this")]
    public async Task BadOption_ExitsTwoWithClearMessage(string args, string expected)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.True(run.IsClean, run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task SeveralBadOptions_EachIsReported()
    {
        var run = await CliRun.InvokeAsync("loadgen --clients -1 --interval -1 --target x");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(3, run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Help_Loadgen_DescribesEveryContractOption()
    {
        var run = await CliRun.InvokeAsync("loadgen --help");

        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[]
        {
            "--target", "--clients", "--ramp", "--interval", "--jitter", "--duration", "--encoding", "--no-hello", "--id-prefix",
            "--first-index", "--source-addresses", "--silent", "--garbage", "--oversized", "--reset", "--slowloris", "--flapping",
            "--misbehave-after", "--json", "--no-progress",
        })
        {
            Assert.Contains(option, run.Output);
        }
    }
}
