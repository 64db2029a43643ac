namespace SessionGrid.Grains.Sessions;

/// <summary>A transition of one session, as the event log keeps it; <paramref name="Silo"/> is the silo that made it, when known.</summary>
public sealed record SessionEvent(string SessionId, SessionTransition Transition, string? Silo = null);
