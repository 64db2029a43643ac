using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.TestKit.Cluster;

/// <summary>
/// One silo as its own process (<c>dotnet SessionGrid.Silo.dll</c>) on free loopback ports, so a test can
/// SIGKILL, SIGSTOP/SIGCONT or SIGTERM it like an operator or a crash would. Its console output is kept
/// for failure messages.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private SiloProcess(string name, Process process, int siloPort, int gatewayPort, int httpPort)
    {
        Name = name;
        _process = process;
        SiloPort = siloPort;
        Gateway = new IPEndPoint(IPAddress.Loopback, gatewayPort);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    /// <summary>The Orleans silo-to-silo port; with the loopback address it names the silo in membership.</summary>
    public int SiloPort { get; }

    public IPEndPoint Gateway { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the process with <paramref name="settings"/> as command-line configuration; does not wait for it.</summary>
    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var httpPort = FreePorts.Next();
        var all = new Dictionary<string, string>(settings)
        {
            ["Silo:Name"] = name,
            ["Orleans:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = "0",
            ["Orleans:AdvertisedAddress"] = "127.0.0.1",
            ["Gateway:Port"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Gateway:ListenAddress"] = "127.0.0.1",
            ["Http:Port"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["Http:ListenAddress"] = "127.0.0.1",
        };
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(SiloBinary.Path)!,
        };
        start.ArgumentList.Add(SiloBinary.Path);
        foreach (var (key, value) in all)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet for a silo.");
        var silo = new SiloProcess(name, process, siloPort, gatewayPort, httpPort);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>/health</c> answers; fails with the process output when it exits or never does.</summary>
    public async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Silo {Name} did not answer /health within {ReadyTimeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Waits for the process to exit by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(ReadyTimeout);

        // The asynchronous output readers finish after the exit is reported: wait for them too.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>A crash: SIGKILL, nothing written, no goodbye.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Freezes the process (SIGSTOP), as a long GC pause or a stalled VM would.</summary>
    public void Pause() => Signals.Send(_process.Id, Signals.Stop);

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public void Resume() => Signals.Send(_process.Id, Signals.Continue);

    /// <summary>A graceful stop (SIGTERM), as a rolling upgrade does; completes when the process has exited.</summary>
    public async Task TerminateAsync()
    {
        Signals.Send(_process.Id, Signals.Terminate);
        await _process.WaitForExitAsync().WaitAsync(ReadyTimeout);
    }

    public Task<FrameClient> ConnectAsync() => FrameClient.ConnectAsync(Gateway);

    public async Task<SessionSnapshot?> GetSessionAsync(string id)
    {
        using var response = await Http.GetAsync($"/api/sessions/{Uri.EscapeDataString(id)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SessionSnapshot>();
    }

    /// <summary>Polls this silo's API until <paramref name="condition"/> holds; fails with the last snapshot and the output.</summary>
    public Task<SessionSnapshot> WaitForSessionAsync(string id, Func<SessionSnapshot, bool> condition, TimeSpan? timeout = null)
        => SessionPolling.WaitAsync(() => GetSessionAsync(id), id, condition, timeout, $" on {Name}\n{Output}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public override string ToString() => $"{Name} (pid {_process.Id}, silo port {SiloPort}, gateway {Gateway})";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
