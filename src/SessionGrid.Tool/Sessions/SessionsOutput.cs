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

    /// <summary>One API call's answer: the failure as one sentence, the JSON with <c>--json</c>, else <paramref name="writeForPeople"/>.</summary>
    public async Task<int> WriteAsync(Task<ApiResult> call, Action<JsonElement> writeForPeople)
    {
        var result = await call;
        if (result.Body is null)
        {
            return Fail(result.Error!);
        }

        using var body = result.Body;
        if (json)
        {
            return WriteJson(body.RootElement);
        }

        writeForPeople(body.RootElement);
        return ExitCodes.Ok;
    }
}
