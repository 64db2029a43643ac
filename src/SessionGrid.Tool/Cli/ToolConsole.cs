using Spectre.Console;

namespace SessionGrid.Tool.Cli;

/// <summary>Spectre consoles over the command's writers.</summary>
internal static class ToolConsole
{
    // Without a terminal there is no width to fit: wide enough that a table row stays one line for grep and people.
    private const int PipeWidth = 320;

    /// <summary>Colours and live displays only on a terminal: a file, a pipe or a test's StringWriter gets plain, unwrapped text.</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var terminal = (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
            || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = PipeWidth;
        }

        return console;
    }
}
