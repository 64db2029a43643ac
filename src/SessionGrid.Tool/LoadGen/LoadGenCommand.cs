using System.CommandLine;
using SessionGrid.Tool.Cli;
using SessionGrid.Tool.LoadGen.Summary;
using Spectre.Console;

namespace SessionGrid.Tool.LoadGen;

/// <summary><c>sessiongrid loadgen</c>: binds the options, checks them, runs a <see cref="LoadGenerator"/>, prints the summary.</summary>
internal static class LoadGenCommand
{
    public static Command Create()
    {
        var o = new LoadGenCommandOptions();
        var command = new Command(
            "loadgen",
            "Simulate a fleet of heartbeat clients against one gateway, healthy and misbehaving, and report what happened. "
            + "Several processes can share one fleet (--first-index, --source-addresses). Ctrl+C stops gracefully and still prints the summary. "
            + "Exit code 0 when the run completed, 1 when the target could not be resolved, 2 for bad options.");
        foreach (var option in o.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, o, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, LoadGenCommandOptions o, CancellationToken cancellationToken)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        var options = o.Bind(parsed);
        var problems = LoadGenOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"sessiongrid loadgen: {problem}");
            }

            return ExitCodes.BadUsage;
        }

        var jsonToStdout = options.JsonPath == "-";
        var humanWriter = jsonToStdout ? error : output;
        var human = ToolConsole.Create(humanWriter);
        var generator = new LoadGenerator(options);
        var running = generator.RunAsync(cancellationToken);
        if (!options.NoProgress)
        {
            await ProgressDisplay.ShowAsync(human, humanWriter, generator, running);
        }

        var summary = await running;
        var exitCode = ExitCodes.Ok;
        if (jsonToStdout)
        {
            await output.WriteLineAsync(LoadSummaryBuilder.ToJson(summary));
        }
        else if (options.JsonPath is { } path && !await TryWriteJsonAsync(path, summary, error))
        {
            exitCode = ExitCodes.Failed;
        }

        SummaryPrinter.Print(human, summary);
        if (summary.Failure is { } failure)
        {
            await error.WriteLineAsync($"sessiongrid loadgen: {failure}");
            exitCode = ExitCodes.Failed;
        }

        return exitCode;
    }

    private static async Task<bool> TryWriteJsonAsync(string path, LoadSummary summary, TextWriter error)
    {
        try
        {
            await File.WriteAllTextAsync(path, LoadSummaryBuilder.ToJson(summary) + Environment.NewLine);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"sessiongrid loadgen: cannot write the JSON summary to '{path}': {e.Message}");
            return false;
        }
    }
}
