using System.Runtime.InteropServices;

namespace SessionGrid.TestKit.Cluster;

/// <summary>POSIX signals to a process (Linux numbers): what an operator's <c>kill -STOP</c> would send.</summary>
internal static class Signals
{
    public const int Terminate = 15;
    public const int Kill = 9;
    public const int Continue = 18;
    public const int Stop = 19;

    public static void Send(int pid, int signal)
    {
        if (SysKill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
