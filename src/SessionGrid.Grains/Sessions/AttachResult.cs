namespace SessionGrid.Grains.Sessions;

/// <summary>What the session runs with after an attach (the content of a <c>welcome</c> frame).</summary>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.AttachResult")]
public sealed record AttachResult(
    [property: Id(0)] SessionStatus Status,
    [property: Id(1)] int Incarnation,
    [property: Id(2)] TimeSpan Interval,
    [property: Id(3)] TimeSpan LeaveAfter,
    [property: Id(4)] TimeSpan CloseAfter);
