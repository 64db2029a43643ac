using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SessionGrid.Cluster.Tests.Deploy;

/// <summary>Runs the repository's shell scripts (deploy/local-cluster.sh, bench/cluster.sh) from the checkout these tests were built from.</summary>
internal static class Scripts
{
    public static string LocalCluster { get; } = Locate("deploy/local-cluster.sh");

    public static string ClusterBench { get; } = Locate("bench/cluster.sh");

    public static Process Start(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
    }

    /// <summary>Runs a script to its end (at most <paramref name="guard"/>): exit code, standard output, standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string script, TimeSpan guard, params string[] args)
    {
        using var process = Start(script, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(guard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', args)} did not finish within {guard}.");
        }

        return (process.ExitCode, await output, await error);
    }

    // The source file's own path, fixed at compile time: the test binaries live elsewhere.
    private static string Locate(string relative, [CallerFilePath] string source = "")
    {
        var script = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "../../..", relative));
        return File.Exists(script) ? script : throw new FileNotFoundException($"{relative} not found next to the test sources.", script);
    }
}
