namespace SessionGrid.Grains.Sessions;

/// <summary>A transition of one session, as the event log keeps it.</summary>
public sealed record SessionEvent(string SessionId, SessionTransition Transition);
