using Microsoft.Extensions.Options;
using SessionGrid.Sink.Hosting;

namespace SessionGrid.Sink;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Error);

    /// <summary>Runs the sink until it is stopped; a bad setting or a port in use is one line on <paramref name="error"/> and exit code 2.</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter error, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        try
        {
            await using var app = SinkApplication.Build(args, configure);
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"sink: invalid configuration: {string.Join(" ", ex.Failures)}");
            return 2;
        }
        catch (IOException ex)
        {
            // Kestrel reports a port in use as an IOException naming the address.
            await error.WriteLineAsync($"sink: cannot listen: {ex.Message}");
            return 2;
        }
    }
}
