using System.Diagnostics;

namespace SessionGrid.TestKit.Postgres;

/// <summary>
/// A detached shell that outlives the test process and stops its server once that process is gone.
/// The process-exit hook alone is not enough: vstest gives the test host about 100 ms to exit
/// (microsoft/vstest#2379) and then kills it, and pg_ctl has detached the server from the test
/// host, so a killed host would leave a server running for good.
/// </summary>
internal static class PostgresReaper
{
    // $1 owner pid, $2 folder, $3 pg_ctl, $4 data dir, then the prefix that runs pg_ctl as the
    // service user (empty when not root). Leaves as soon as the folder is gone (server disposed).
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1; root=$2; pgctl=$3; data=$4; shift 4
        while kill -0 "$owner" && [ -d "$root" ]; do sleep 1; done
        [ -d "$root" ] || exit 0
        "$@" "$pgctl" -D "$data" -m fast -w -t 10 stop || "$@" "$pgctl" -D "$data" -m immediate -w -t 10 stop
        rm -rf "$root"
        """;

    public static void Watch(string rootDirectory, string pgCtl, string dataDirectory)
    {
        // setsid -f: a new session, forked, so that neither a process-tree kill of the test host
        // nor a signal to its process group reaches the reaper.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "-f", "/bin/sh", "-c", Script, "sessiongrid-pg-reaper",
                     Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     rootDirectory, pgCtl, dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        if (PostgresCommand.RunningAsRoot)
        {
            foreach (var part in new[] { "runuser", "-u", PostgresCommand.ServiceUser, "--" })
            {
                start.ArgumentList.Add(part);
            }
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("Could not start setsid for the PostgreSQL reaper.");
    }
}
