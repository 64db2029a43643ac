using SessionGrid.Tool.Cli;

namespace SessionGrid.Tool.Tests.Support;

/// <summary>Runs the real <c>sessiongrid</c> command tree in-process, with its output captured.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(string args, CancellationToken cancellationToken = default) =>
        await InvokeAsync(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), cancellationToken);

    public static async Task<CliRun> InvokeAsync(string[] args, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SessionGridCli.InvokeAsync(args, output, error, cancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(90));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>No stack trace and no exception type name leaked to the user.</summary>
    public bool IsClean => !(Output + Error).Contains("   at ", StringComparison.Ordinal)
        && !(Output + Error).Contains("Exception", StringComparison.Ordinal);
}
