namespace SessionGrid.Grains.Sessions;

/// <summary>One state change of a session. <see cref="From"/> is null for the start of an incarnation.</summary>
/// <param name="Seq">Position among all transitions of this session id (across incarnations), from 1; makes event writes idempotent.</param>
/// <param name="Actor">Who made it when a person did (the operator of a kick); null for the session's own transitions.</param>
/// <param name="Note">The operator's words for it (a kick's reason), when given.</param>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.SessionTransition")]
public sealed record SessionTransition(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] SessionStatus? From,
    [property: Id(2)] SessionStatus To,
    [property: Id(3)] string Reason,
    [property: Id(4)] int Incarnation,
    [property: Id(5)] long Seq = 0,
    [property: Id(6)] string? Actor = null,
    [property: Id(7)] string? Note = null);
