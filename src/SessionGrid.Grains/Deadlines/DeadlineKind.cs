namespace SessionGrid.Grains.Deadlines;

/// <summary>What a session's deadline stands for.</summary>
[GenerateSerializer]
[Alias("SessionGrid.DeadlineKind")]
public enum DeadlineKind
{
    /// <summary>Live and silent for MissThreshold x Interval: live -> leave.</summary>
    Miss,

    /// <summary>Counters dirty for MaxStaleness: write them.</summary>
    Flush,

    /// <summary>In leave for LeaveTimeout: leave -> closed (the durable reminder is the backstop when the grain is not active).</summary>
    Leave,
}
