using System.Diagnostics;
using System.Runtime.Loader;

namespace SessionGrid.TestKit.Postgres;

// Process-wide bookkeeping: the shared server, the exit hook that stops every server this process
// started, and the clean-up of servers left behind by test processes that were killed.
public sealed partial class PostgresServer
{
    private const string FolderPrefix = "sessiongrid-pg-";

    private static readonly Lazy<Task<PostgresServer>> s_shared = new(() => Task.Run(() => CreateAsync(shared: true)));
    private static readonly object s_liveGate = new();
    private static readonly List<PostgresServer> s_live = [];
    private static int s_hooked;
    private static int s_sweptAbandoned;

    /// <summary>
    /// The one server of this test process, started on first use and stopped (its folder deleted)
    /// when the process exits. Tests must not stop it; use <see cref="StartNewAsync"/> for that.
    /// </summary>
    public static Task<PostgresServer> SharedAsync() => s_shared.Value;

    /// <summary>A dedicated server, owned by the caller: dispose it to stop it and delete its folder.</summary>
    public static Task<PostgresServer> StartNewAsync() => CreateAsync(shared: false);

    /// <summary>
    /// The base folder for clusters: <c>SESSIONGRID_PG_TMP</c>, else the system temp folder. Running as
    /// root, the <c>postgres</c> user must be able to enter it.
    /// </summary>
    private static string TempBase
        => Environment.GetEnvironmentVariable("SESSIONGRID_PG_TMP") is { Length: > 0 } dir ? dir : Path.GetTempPath();

    private static async Task<PostgresServer> CreateAsync(bool shared)
    {
        var bin = PostgresBinaries.FindBinDirectory();
        HookProcessExit();
        if (Interlocked.Exchange(ref s_sweptAbandoned, 1) == 0)
        {
            await SweepAbandonedAsync(bin);
        }

        var root = Path.Combine(TempBase, $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(root);
        var server = new PostgresServer(bin, root, shared);
        lock (s_liveGate)
        {
            s_live.Add(server);
        }

        try
        {
            await PostgresCommand.GiveToServiceUserAsync(root);
            PostgresReaper.Watch(root, PostgresBinaries.Tool(bin, "pg_ctl"), server.DataDirectory);
            await server.InitializeAsync();
            return server;
        }
        catch
        {
            server.StopBlocking();
            Forget(server);
            TryDeleteDirectory(root);
            throw;
        }
    }

    private static void Forget(PostgresServer server)
    {
        lock (s_liveGate)
        {
            s_live.Remove(server);
        }
    }

    private static void HookProcessExit()
    {
        if (Interlocked.Exchange(ref s_hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAllBlocking();
            AssemblyLoadContext.Default.Unloading += _ => StopAllBlocking();
        }
    }

    // Runs on the exit path, where nothing can be awaited; each stop is bounded by a timeout. A host
    // that kills the process before this finishes is covered by the reaper (PostgresReaper).
    private static void StopAllBlocking()
    {
        PostgresServer[] servers;
        lock (s_liveGate)
        {
            servers = [.. s_live];
            s_live.Clear();
        }

        foreach (var server in servers)
        {
            server.StopBlocking();
            TryDeleteDirectory(server.RootDirectory);
        }
    }

    private void StopBlocking()
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return;
        }

        var pgCtl = PostgresBinaries.Tool(BinDirectory, "pg_ctl");
        var timeout = TimeSpan.FromSeconds(15);
        if (PostgresCommand.RunBlocking(RootDirectory, timeout, pgCtl, "-D", DataDirectory, "-m", "fast", "-w", "-t", "10", "stop") != 0)
        {
            PostgresCommand.RunBlocking(RootDirectory, timeout, pgCtl, "-D", DataDirectory, "-m", "immediate", "-w", "-t", "10", "stop");
        }

        Volatile.Write(ref _running, false);
    }

    // A test host killed by a hang timeout never runs its exit hook, and pg_ctl detaches the server
    // from it, so its server would run forever. Folders are named after the owning process id.
    private static async Task SweepAbandonedAsync(string bin)
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(TempBase, FolderPrefix + "*");
        }
        catch (IOException)
        {
            return;
        }

        foreach (var folder in folders)
        {
            var rest = Path.GetFileName(folder)[FolderPrefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest[..dash], out var owner) || IsAlive(owner))
            {
                continue;
            }

            var data = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                await PostgresCommand.RunAsync(folder, ToolTimeout, PostgresBinaries.Tool(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "-t", "10", "stop");
            }

            TryDeleteDirectory(folder);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover folder is swept by the next test run once this process is gone.
        }
    }
}
