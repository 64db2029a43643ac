using SessionGrid.Api.Security;
using SessionGrid.Tool.Tests.Db;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.Tokens;

/// <summary>The key from SESSIONGRID_SIGNING_KEY, which a silo in another test would read too: run alone.</summary>
[Collection(nameof(DbEnvironmentTests))]
public sealed class TokenKeyEnvironmentTests
{
    private const string Key = "environment-signing-key-of-32-bytes!";

    [Fact]
    public async Task Create_KeyFromEnvironment_Signs()
    {
        var run = await WithKeyAsync(Key, () => CliRun.InvokeAsync("token create --role viewer --expires 1h --subject env"));

        Assert.Equal(0, run.ExitCode);
        Assert.True((await SessionTokens.ValidateAsync(new AuthOptions { SigningKey = Key }, run.Output.Trim())).IsValid);
    }

    [Fact]
    public async Task Create_NoKeyAnywhere_ExitsTwoNamingBothWays()
    {
        var run = await WithKeyAsync(null, () => CliRun.InvokeAsync("token create --role viewer --expires 1h"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pass --key KEY or set SESSIONGRID_SIGNING_KEY", run.Error);
        Assert.Equal("", run.Output);
    }

    private static async Task<CliRun> WithKeyAsync(string? value, Func<Task<CliRun>> run)
    {
        var previous = Environment.GetEnvironmentVariable(AuthOptions.KeyVariable);
        Environment.SetEnvironmentVariable(AuthOptions.KeyVariable, value);
        try
        {
            return await run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(AuthOptions.KeyVariable, previous);
        }
    }
}
