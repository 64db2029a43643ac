namespace SessionGrid.Grains.Sessions;

/// <summary>What the session runs with after an attach (the content of a <c>welcome</c> frame).</summary>
public readonly record struct AttachResult(SessionStatus Status, int Incarnation, TimeSpan Interval, TimeSpan LeaveAfter, TimeSpan CloseAfter);
