using System.CommandLine;
using SessionGrid.Tool.Db;
using SessionGrid.Tool.LoadGen;
using SessionGrid.Tool.Sessions;
using SessionGrid.Tool.Tokens;

namespace SessionGrid.Tool.Cli;

/// <summary>
/// The <c>sessiongrid</c> command tree and its one entry point, used by <c>Program</c> and, in-process,
/// by tests: parse, report bad usage in one clear sentence per problem (no help dump, no stack
/// trace), run.
/// </summary>
internal static class SessionGridCli
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("SessionGrid tools: load generation against gateways, database migrations, sessions through the API, API tokens.");
        root.Subcommands.Add(LoadGenCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(SessionsCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        return root;
    }

    /// <param name="cancellationToken">Stops the command gracefully (Ctrl+C in the real process: <see cref="TerminationSignals"/>).</param>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parsed = CreateRootCommand().Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Signals are ours (TerminationSignals), registered before anything can use up the descriptors.
            ProcessTerminationTimeout = null,
        };

        if (parsed.Errors.Count > 0 && !IsHelpRequest(args))
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"sessiongrid: {problem.Message}");
            }

            await error.WriteLineAsync($"Run '{HelpHint(parsed)}' for usage.");
            return ExitCodes.BadUsage;
        }

        return await parsed.InvokeAsync(configuration, cancellationToken);
    }

    private static bool IsHelpRequest(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");

    private static string HelpHint(ParseResult parsed)
    {
        var path = new List<string>();
        for (var command = parsed.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, command.Command is RootCommand ? "sessiongrid" : command.Command.Name);
        }

        return string.Join(' ', path) + " --help";
    }
}
