using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SessionGrid.TestKit.Redis;

/// <summary>
/// A real <c>redis-server</c> (Debian's) for tests: a free loopback port, a temp folder, no persistence
/// while it runs. <see cref="StopAsync"/> and <see cref="StartAsync"/> make outages on the same port; the
/// data survives them (as with a managed Redis restart), so a membership table is still there after. Owned by the
/// caller (typically a class fixture): dispose it to stop the server and delete its folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly object s_liveGate = new();
    private static readonly List<RedisServer> s_live = [];
    private static int s_hooked;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private bool _disposed;

    private RedisServer(string executable, string rootDirectory, int port, string? password)
    {
        Executable = executable;
        RootDirectory = rootDirectory;
        Port = port;
        Password = password;
    }

    public string Executable { get; }

    /// <summary>The temp folder the server runs in.</summary>
    public string RootDirectory { get; }

    /// <summary>The loopback port; the same across <see cref="StopAsync"/> and <see cref="StartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>The <c>requirepass</c> password, or null for none.</summary>
    public string? Password { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => Password is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},password={Password}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a new server; with <paramref name="password"/> it requires AUTH.</summary>
    public static async Task<RedisServer> StartNewAsync(string? password = null)
    {
        var executable = FindExecutable();
        HookProcessExit();
        var root = Path.Combine(Path.GetTempPath(), $"sessiongrid-redis-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(root);
        var server = new RedisServer(executable, root, FreePorts.Next(), password);
        lock (s_liveGate)
        {
            s_live.Add(server);
        }

        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on its port; waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (IsRunning)
            {
                return;
            }

            var start = new ProcessStartInfo(Executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RootDirectory,
            };
            foreach (var argument in Arguments())
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            await WaitUntilReadyAsync(process);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server (<c>SHUTDOWN SAVE</c>: its data is kept for <see cref="StartAsync"/>), keeping its port.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await StopCoreAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What the server printed, for failure messages.</summary>
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

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await StopCoreAsync();
            lock (s_liveGate)
            {
                s_live.Remove(this);
            }

            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temp folder is harmless.
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private IEnumerable<string> Arguments()
    {
        yield return "--port";
        yield return Port.ToString(CultureInfo.InvariantCulture);
        yield return "--bind";
        yield return "127.0.0.1";
        yield return "--dir";
        yield return RootDirectory;
        yield return "--save";
        yield return "";
        yield return "--appendonly";
        yield return "no";
        yield return "--daemonize";
        yield return "no";
        if (Password is not null)
        {
            yield return "--requirepass";
            yield return Password;
        }
    }

    private async Task StopCoreAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            if (_disposed)
            {
                process.Kill();
            }
            else
            {
                await SendShutdownSaveAsync();
            }

            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(ReadyTimeout);
            }
        }

        process.Dispose();
    }

    private async Task SendShutdownSaveAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            if (Password is not null)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(Password)}\r\n{Password}\r\n"));
                await stream.ReadAsync(new byte[64]).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }

            await stream.WriteAsync("*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n"u8.ToArray());
            await stream.ReadAsync(new byte[64]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            // It is going away (or gone) either way; the caller waits for the process.
        }
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

                // +PONG, or -NOAUTH when a password is required: either way the server is serving.
                if (read > 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException)
            {
                last = e;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException(
            $"redis-server did not answer on 127.0.0.1:{Port} within {ReadyTimeout.TotalSeconds:0} s ({last?.Message}). It said:\n{Output}", last);
    }

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

    private static string FindExecutable()
    {
        foreach (var candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("redis-server is not installed: install Debian's redis-server package (test.sh does).");
    }

    // redis-server is a child of the test host: stop it when the host exits, so no server outlives a run.
    private static void HookProcessExit()
    {
        if (Interlocked.Exchange(ref s_hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                RedisServer[] servers;
                lock (s_liveGate)
                {
                    servers = [.. s_live];
                }

                foreach (var server in servers)
                {
                    try
                    {
                        server._process?.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                        // Already gone.
                    }
                }
            };
        }
    }
}
