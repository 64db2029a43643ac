using System.Diagnostics;
using System.Text;

namespace SessionGrid.TestKit.Postgres;

/// <summary>
/// Runs PostgreSQL command-line tools. PostgreSQL refuses to run as root, so when the tests run as
/// root every tool runs as the <c>postgres</c> user through <c>runuser</c>; otherwise it runs as the
/// current user, who then owns the data directory.
/// </summary>
internal static class PostgresCommand
{
    public const string ServiceUser = "postgres";

    public static bool RunningAsRoot { get; } = OperatingSystem.IsLinux() && Environment.UserName == "root";

    public static async Task<CommandResult> RunAsync(string workingDirectory, TimeSpan timeout, string fileName, params string[] arguments)
    {
        var start = CreateStartInfo(workingDirectory, fileName, arguments);
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{Describe(start)} did not finish within {timeout.TotalSeconds:0} s. Output:\n{Snapshot(output)}");
        }

        return new CommandResult(process.ExitCode, Snapshot(output), Describe(start));
    }

    /// <summary>The synchronous form, for the process-exit hook, where nothing can be awaited.</summary>
    public static int RunBlocking(string workingDirectory, TimeSpan timeout, string fileName, params string[] arguments)
    {
        using var process = new Process { StartInfo = CreateStartInfo(workingDirectory, fileName, arguments) };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return -1;
        }

        return process.ExitCode;
    }

    /// <summary>Gives the service user a folder that the current (root) user created.</summary>
    public static async Task GiveToServiceUserAsync(string path)
    {
        if (!RunningAsRoot)
        {
            return;
        }

        var start = new ProcessStartInfo("chown") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-R");
        start.ArgumentList.Add($"{ServiceUser}:");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"chown -R {ServiceUser}: {path} failed ({process.ExitCode}): {await error}. Running as root, "
                + $"the tests need the '{ServiceUser}' system user, which the postgresql package creates (run ./test.sh).");
        }
    }

    private static ProcessStartInfo CreateStartInfo(string workingDirectory, string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            // The service user must be able to enter the working directory, or pg_ctl refuses to run.
            WorkingDirectory = workingDirectory,
            FileName = RunningAsRoot ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (RunningAsRoot)
        {
            foreach (var part in new[] { "-u", ServiceUser, "--", fileName })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The tools read PGDATA, PGPORT and friends: the caller's environment must not steer them.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["LC_ALL"] = "C";
        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string Describe(ProcessStartInfo start) => $"{start.FileName} {string.Join(' ', start.ArgumentList)}";
}
