namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>Options of the <c>deadlines</c> command (see <see cref="DeadlineCommand.Usage"/>).</summary>
internal sealed class DeadlineOptions
{
    /// <summary>Sessions per mechanism. Default 10,000 (a quick run; the figure is 1,000,000).</summary>
    public int Sessions { get; set; } = 10_000;

    /// <summary>Mechanisms measured, each in a silo of its own, in this order. Default all three.</summary>
    public IReadOnlyList<DeadlineMechanism> Mechanisms { get; set; } = [DeadlineMechanism.None, DeadlineMechanism.Wheel, DeadlineMechanism.GrainTimer];

    /// <summary>Heartbeat rounds measured (one heartbeat per session each). Default 3.</summary>
    public int Rounds { get; set; } = 3;

    /// <summary>Heartbeats in flight. Default 64.</summary>
    public int InFlight { get; set; } = 64;

    /// <summary>Length of the quiet window (no calls, nothing due), whole seconds, at least 5 s under the miss window. Default 10.</summary>
    public int QuietSeconds { get; set; } = 10;

    /// <summary>How far each heartbeat pushes the miss deadline, whole seconds. Default 30 (the default policy's window).</summary>
    public int MissAfterSeconds { get; set; } = (int)DeadlineBench.DefaultMissAfter.TotalSeconds;
}
