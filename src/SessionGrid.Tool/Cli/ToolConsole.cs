using Spectre.Console;

namespace SessionGrid.Tool.Cli;

/// <summary>Spectre consoles over the command's writers.</summary>
internal static class ToolConsole
{
    /// <summary>Colours and live displays only on a terminal: a file, a pipe or a test's StringWriter gets plain text.</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var terminal = (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
            || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }
}
