using System.Runtime.InteropServices;

namespace SessionGrid.Tool.Cli;

/// <summary>
/// Ctrl+C and SIGTERM for the real process: the first asks the command to stop gracefully (a load
/// run says bye and still prints its summary), a second one ends the process at once.
/// </summary>
/// <remarks>
/// Registered at start-up rather than by System.CommandLine, which registers once the command is
/// already running: a load run can use every file descriptor the process has by then, and the
/// runtime's signal handling needs a pipe of its own (EMFILE would crash the process instead of
/// being counted). Registering first also sets up the console's signal handling early.
/// </remarks>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    private TerminationSignals(CancellationTokenSource stop)
    {
        _stop = stop;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public static TerminationSignals Register(CancellationTokenSource stop) => new(stop);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            return;
        }

        context.Cancel = true;
        Console.Error.WriteLine("Stopping (press Ctrl+C again to quit at once)...");
        _stop.Cancel();
    }
}
