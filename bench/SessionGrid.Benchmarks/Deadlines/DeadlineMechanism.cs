namespace SessionGrid.Benchmarks.Deadlines;

/// <summary>How a session's missed-heartbeat deadline is kept in the deadline comparison.</summary>
public enum DeadlineMechanism
{
    /// <summary>No deadline at all: the grain call alone, the baseline the others are read against.</summary>
    None,

    /// <summary>The silo's deadline wheel (what SessionGrid does): a <c>SessionDeadline</c> per session, pushed later per heartbeat.</summary>
    Wheel,

    /// <summary>An Orleans grain timer per activation (<c>RegisterGrainTimer</c>), <c>Change</c>d per heartbeat.</summary>
    GrainTimer,
}
