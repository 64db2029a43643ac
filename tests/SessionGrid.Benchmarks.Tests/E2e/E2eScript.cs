using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SessionGrid.Benchmarks.Tests.E2e;

/// <summary>Runs bench/e2e.sh from the checkout this test was built from, with a hang guard.</summary>
internal static class E2eScript
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static string Path { get; } = Locate();

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bench/e2e.sh {string.Join(' ', args)} did not finish within {HangGuard}.");
        }

        return (process.ExitCode, await output, await error);
    }

    // The source file's own path, fixed at compile time: the test binaries live elsewhere (--artifacts-path).
    private static string Locate([CallerFilePath] string source = "")
    {
        var script = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(source)!, "../../../bench/e2e.sh"));
        return File.Exists(script) ? script : throw new FileNotFoundException("bench/e2e.sh not found next to the test sources.", script);
    }
}
