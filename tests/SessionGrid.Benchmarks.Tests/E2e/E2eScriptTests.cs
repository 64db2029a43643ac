namespace SessionGrid.Benchmarks.Tests.E2e;

/// <summary>bench/e2e.sh refuses bad input before it builds or starts anything.</summary>
public sealed class E2eScriptTests
{
    [Theory]
    [InlineData("--connections takes whole numbers above 0 (got 'abc')", "--connections", "abc")]
    [InlineData("--connections takes whole numbers above 0 (got '0')", "--connections", "1000 0")]
    [InlineData("--connections needs at least one fleet size", "--connections", " ")]
    [InlineData("--modes takes memory and/or postgres (got 'redis')", "--modes", "memory redis")]
    [InlineData("nothing to run: no --modes and --no-sink", "--modes", "", "--no-sink")]
    [InlineData("--silent takes a fraction from 0 to 1 (got '1.5')", "--silent", "1.5")]
    [InlineData("--window takes a whole number above 0 (got '-5')", "--window", "-5")]
    [InlineData("--window needs a value", "--window")]
    [InlineData("unknown option '--connection'", "--connection", "100")]
    public async Task Run_BadOption_ExitsTwoWithMessageAndUsage(string expected, params string[] args)
    {
        var (code, _, error) = await E2eScript.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains($"bench/e2e.sh: {expected}", error, StringComparison.Ordinal);
        Assert.Contains("usage: bench/e2e.sh", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Help_PrintsUsageAndExitsZero()
    {
        var (code, output, _) = await E2eScript.RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("--connections \"N ...\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MoreConnectionsThanTheFileLimit_ExitsOneNamingTheLimit()
    {
        var (code, _, error) = await E2eScript.RunAsync("--connections", "100000000");

        Assert.Equal(1, code);
        Assert.Contains("100000000 connections need about", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SkipBuildWithoutBuild_ExitsOneNamingTheMissingFile()
    {
        var empty = Directory.CreateTempSubdirectory("sg-e2e-test-");
        try
        {
            var (code, _, error) = await E2eScript.RunAsync("--skip-build", "--artifacts", empty.FullName, "--results", Path.Combine(empty.FullName, "results"), "--connections", "10");

            Assert.Equal(1, code);
            Assert.Contains($"missing {empty.FullName}/bin/SessionGrid.Silo/release/SessionGrid.Silo.dll", error, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
