using System.Text.Json;
using SessionGrid.Tool.Cli;

namespace SessionGrid.Tool.Sessions;

/// <summary>Where a <c>sessions</c> subcommand writes: tables for people, the API's JSON with <c>--json</c>, failures as one sentence.</summary>
internal sealed class SessionsOutput(string command, TextWriter output, TextWriter error, bool json)
{
    public bool Json => json;

    public TextWriter Writer => output;

    public Spectre.Console.IAnsiConsole Console { get; } = ToolConsole.Create(output);

    /// <summary>Prints the failure and returns <see cref="ExitCodes.Failed"/>.</summary>
    public int Fail(string message)
    {
        error.WriteLine($"sessiongrid sessions {command}: {message}");
        return ExitCodes.Failed;
    }

    public int WriteJson(JsonElement body)
    {
        output.WriteLine(body.GetRawText());
        return ExitCodes.Ok;
    }
}
