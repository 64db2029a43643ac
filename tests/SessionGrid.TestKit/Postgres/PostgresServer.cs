using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace SessionGrid.TestKit.Postgres;

/// <summary>
/// A real PostgreSQL server for tests: its own cluster (initdb) in a temp folder, listening on a free
/// loopback port, tuned for speed over durability (fsync off). <see cref="SharedAsync"/> gives the one
/// server of the test process; <see cref="StartNewAsync"/> a dedicated one for tests that stop it.
/// Each test class takes its own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _shared;
    private int _databases;
    private bool _running;
    private bool _disposed;

    private PostgresServer(string binDirectory, string rootDirectory, bool shared)
    {
        BinDirectory = binDirectory;
        RootDirectory = rootDirectory;
        _shared = shared;
    }

    /// <summary>The loopback TCP port; it stays the same across <see cref="StopAsync"/> and <see cref="StartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Superuser <c>postgres</c> on the <c>postgres</c> database (trust authentication, no password).</summary>
    public string AdminConnectionString => GetConnectionString("postgres");

    /// <summary>The folder of the PostgreSQL tools in use (psql, pg_dump, ...).</summary>
    public string BinDirectory { get; }

    /// <summary>The temp folder holding the cluster (<c>data/</c>), the server log (<c>log</c>) and its socket.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string LogFile => Path.Combine(RootDirectory, "log");

    public bool IsRunning => Volatile.Read(ref _running);

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string GetConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = "postgres",
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>
    /// Creates a fresh, empty database with a unique name (<paramref name="prefix"/> plus a counter)
    /// and returns its connection string.
    /// </summary>
    public Task<string> CreateDatabaseAsync(string? prefix = null) => CreateDatabaseAsync(prefix, createOptions: "");

    /// <summary>
    /// A new empty database created with extra <c>CREATE DATABASE</c> clauses, for example
    /// <c>LOCALE_PROVIDER icu ICU_LOCALE 'en-US'</c> to test behaviour under a language collation.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? prefix, string createOptions)
    {
        var name = $"{Sanitize(prefix)}_{Interlocked.Increment(ref _databases)}";

        // template0 because nobody can be connected to it; CREATE DATABASE fails while a session
        // (a test poking at template1, say) is connected to its template. FILE_COPY because with
        // fsync off its checkpoints are cheap, and it is several times faster than the WAL_LOG default.
        await using var connection = new NpgsqlConnection(AdminOnce());
        await connection.OpenAsync().WaitAsync(ReadyTimeout);
        var strategy = connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY = FILE_COPY" : "";
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0{strategy} {createOptions}", connection);
        await command.ExecuteNonQueryAsync().WaitAsync(ToolTimeout);
        return GetConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are cut), keeping its data and port.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync().WaitAsync(ToolTimeout);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_running)
            {
                return;
            }

            var fast = await PgCtlAsync("-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop");
            if (fast.ExitCode != 0)
            {
                (await PgCtlAsync("-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"))
                    .EnsureSuccess($"Stopping PostgreSQL in {DataDirectory}");
            }

            Volatile.Write(ref _running, false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the stopped server again on the same data directory and the same port.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync().WaitAsync(ToolTimeout);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running)
            {
                return;
            }

            var result = await PgCtlStartAsync(Port);
            if (result.ExitCode != 0)
            {
                throw StartFailure($"PostgreSQL did not restart on port {Port}", result);
            }

            await WaitUntilReadyAsync();
            Volatile.Write(ref _running, true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops a dedicated server and deletes its folder. On the shared server this does nothing: it
    /// lives until the test process exits.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_shared)
        {
            return;
        }

        await _gate.WaitAsync().WaitAsync(ToolTimeout);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_running)
            {
                var fast = await PgCtlAsync("-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop");
                if (fast.ExitCode != 0)
                {
                    await PgCtlAsync("-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop");
                }

                Volatile.Write(ref _running, false);
            }

            Forget(this);
            TryDeleteDirectory(RootDirectory);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The last lines of the server log, for failure messages.</summary>
    public string ReadLogTail(int lines = 40)
    {
        try
        {
            var all = File.ReadAllLines(LogFile);
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException e)
        {
            return $"(no server log at {LogFile}: {e.Message})";
        }
    }

    private async Task InitializeAsync()
    {
        var initdbArguments = new List<string>
        {
            "-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync",
        };
        var help = await PostgresCommand.RunAsync(RootDirectory, ToolTimeout, PostgresBinaries.Tool(BinDirectory, "initdb"), "--help");
        if (help.Output.Contains("--no-instructions", StringComparison.Ordinal))
        {
            initdbArguments.Add("--no-instructions");
        }

        (await PostgresCommand.RunAsync(RootDirectory, ToolTimeout, PostgresBinaries.Tool(BinDirectory, "initdb"), [.. initdbArguments]))
            .EnsureSuccess($"initdb in {DataDirectory}");

        // Settings go in the cluster's own configuration so that a restart gets them without
        // repeating them; only the port is passed on the command line (it may change on a bind race).
        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# SessionGrid test kit: speed over durability, loopback only.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine($"unix_socket_directories = '{RootDirectory}'")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("max_connections = 200")
            .AppendLine("shared_buffers = 32MB")
            .AppendLine("log_min_messages = warning")
            .AppendLine("log_line_prefix = '%m [%p] '");
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings.ToString());

        // A test process can lose the race for the port it picked; one retry on a new port.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var result = await PgCtlStartAsync(Port);
            if (result.ExitCode == 0)
            {
                break;
            }

            var log = ReadLogTail();
            var bindFailed = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                             || log.Contains("could not create any TCP/IP sockets", StringComparison.OrdinalIgnoreCase);
            if (!bindFailed || attempt == 2)
            {
                throw StartFailure($"PostgreSQL did not start on port {Port}", result);
            }
        }

        await WaitUntilReadyAsync();
        Volatile.Write(ref _running, true);
    }

    private Task<CommandResult> PgCtlStartAsync(int port)
        => PgCtlAsync("-D", DataDirectory, "-l", LogFile, "-o", $"-p {port}", "-w", "-t", "60", "start");

    private Task<CommandResult> PgCtlAsync(params string[] arguments)
        => PostgresCommand.RunAsync(RootDirectory, ToolTimeout, PostgresBinaries.Tool(BinDirectory, "pg_ctl"), arguments);

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminOnce());
                await connection.OpenAsync().WaitAsync(ReadyTimeout);
                await using var command = new NpgsqlCommand("select 1", connection);
                await command.ExecuteScalarAsync().WaitAsync(ReadyTimeout);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                last = e;
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException(
            $"PostgreSQL on 127.0.0.1:{Port} did not accept a connection within {ReadyTimeout.TotalSeconds:0} s "
            + $"({last?.Message}). Server log {LogFile}:\n{ReadLogTail()}", last);
    }

    // Admin work goes through a connection of its own, never a pooled one: after a restart the pool
    // would hand out a dead session first.
    private string AdminOnce() => new NpgsqlConnectionStringBuilder(AdminConnectionString)
    {
        Pooling = false,
        Timeout = 10,
    }.ConnectionString;

    private Exception StartFailure(string what, CommandResult result)
        => new InvalidOperationException(
            $"{what} (pg_ctl exit {result.ExitCode}). pg_ctl said:\n{result.Output}\nServer log {LogFile}:\n{ReadLogTail()}");

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Sanitize(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return "test";
        }

        var builder = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        // Identifiers stop at 63 bytes; leave room for the counter.
        return builder.Length > 40 ? builder.ToString(0, 40) : builder.ToString();
    }
}
