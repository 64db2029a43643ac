using SessionGrid.Benchmarks.Listing;

namespace SessionGrid.Benchmarks.Tests;

[Collection(InProcessSilos.Name)]
public sealed class ListCommandTests
{
    [Fact]
    public void TryParse_NoArguments_TheIssuesMillion()
    {
        Assert.True(ListCommand.TryParse([], out var options, out var problem), problem);
        Assert.Equal(new ListOptions(1_000_000, 100, 50, 100, "2GB", HugePages: false), options);
    }

    [Theory]
    [InlineData("32MB")]
    [InlineData("2GB")]
    [InlineData("64GB")]
    public void TryParse_SharedBuffers_TakesMegabytesAndGigabytes(string size)
    {
        Assert.True(ListCommand.TryParse(["--shared-buffers", size, "--huge-pages", "--sessions", "10"], out var options, out var problem), problem);
        Assert.Equal((size, true, 10), (options.SharedBuffers, options.HugePages, options.Sessions));
    }

    [Theory]
    [InlineData("unknown option --session", "--session", "5")]
    [InlineData("--sessions needs a positive whole number", "--sessions")]
    [InlineData("--requests needs a positive whole number", "--requests", "0")]
    [InlineData("--limit is 1 to 1000", "--limit", "1001")]
    [InlineData("--shared-buffers needs a size such as 32MB or 2GB", "--shared-buffers")]
    [InlineData("--shared-buffers needs a size such as 32MB or 2GB", "--shared-buffers", "2G")]
    [InlineData("--shared-buffers needs a size such as 32MB or 2GB", "--shared-buffers", "0MB")]
    [InlineData("--shared-buffers needs a size such as 32MB or 2GB", "--shared-buffers", "65GB")]
    [InlineData("--shared-buffers needs a size such as 32MB or 2GB", "--shared-buffers", "1GB'; DROP TABLE sessions; --")]
    public void TryParse_BadArguments_SaysWhich(string expected, params string[] args)
    {
        Assert.False(ListCommand.TryParse(args, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public async Task RunAsync_HugePagesNotReserved_SaysHowAndExitsOne()
    {
        // No machine here reserves 64 GB of huge pages, so PostgreSQL refuses to start with them.
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await ListCommand.RunAsync(["--sessions", "10", "--shared-buffers", "64GB", "--huge-pages"], output, error);

        Assert.Equal(1, exit);
        Assert.StartsWith("list: PostgreSQL did not start with shared_buffers 64GB in huge pages; reserve them first (sysctl -w vm.nr_hugepages=N).", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("loading", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Percentile_NearestRank()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(5, ListCommand.Percentile(sorted, 0.50));
        Assert.Equal(10, ListCommand.Percentile(sorted, 0.95));
        Assert.Equal(1, ListCommand.Percentile([1], 0.99));
    }

    [Fact]
    public async Task RunAsync_SmallFleet_EveryCaseMeasuredFirstAndDeep()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await ListCommand.RunAsync(["--sessions", "3000", "--requests", "2", "--depth", "2", "--limit", "10", "--shared-buffers", "48MB"], output, error);

        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());
        var table = output.ToString().Split('\n').SkipWhile(static l => !l.StartsWith("| query", StringComparison.Ordinal)).Skip(2).Where(static l => l.StartsWith('|')).ToList();
        Assert.Equal(ListCommand.Cases(DateTimeOffset.UnixEpoch).Count, table.Count);
        // 3,000 addresses spread over 10.0.0.0/8 leave the narrow ip filters a page or less.
        Assert.All(table.Where(static row => !row.Contains("ip=", StringComparison.Ordinal)), static row => Assert.DoesNotContain("fewer pages", row, StringComparison.Ordinal));
        Assert.Contains("| `status=leave&sort=heartbeats&order=desc` | 10 |", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("shared_buffers 48MB", output.ToString(), StringComparison.Ordinal);
    }
}
