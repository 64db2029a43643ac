namespace SessionGrid.Grains.Sessions;

/// <summary>One state change of a session. <see cref="From"/> is null for the start of an incarnation.</summary>
public sealed record SessionTransition(
    DateTimeOffset Time,
    SessionStatus? From,
    SessionStatus To,
    string Reason,
    int Incarnation);
