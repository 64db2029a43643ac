namespace SessionGrid.TestKit.Postgres;

/// <summary>Exit code and combined output of one PostgreSQL tool run.</summary>
internal readonly record struct CommandResult(int ExitCode, string Output, string CommandLine)
{
    public CommandResult EnsureSuccess(string context)
        => ExitCode == 0
            ? this
            : throw new InvalidOperationException($"{context} failed (exit {ExitCode}): {CommandLine}\n{Output}");
}
