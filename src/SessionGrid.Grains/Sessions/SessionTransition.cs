namespace SessionGrid.Grains.Sessions;

/// <summary>One state change of a session. <see cref="From"/> is null for the start of an incarnation.</summary>
/// <param name="Seq">Position among all transitions of this session id (across incarnations), from 1; makes event writes idempotent.</param>
public sealed record SessionTransition(
    DateTimeOffset Time,
    SessionStatus? From,
    SessionStatus To,
    string Reason,
    int Incarnation,
    long Seq = 0);
