namespace SessionGrid.Grains.Sessions;

/// <summary>
/// A transition with its states as API words ("live", "leave", "closed"; From null at a start), its place
/// in the session's history (<see cref="Seq"/>), and who made it (<see cref="By"/>, with the operator's
/// <see cref="Note"/>) when a person did.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.SessionTransitionView")]
public sealed record SessionTransitionView([property: Id(0)] DateTimeOffset Time, [property: Id(1)] string? From, [property: Id(2)] string To, [property: Id(3)] string Reason, [property: Id(4)] int Incarnation,
    [property: Id(5)] long Seq,
    [property: Id(6)] string? By,
    [property: Id(7)] string? Note)
{
    public static SessionTransitionView Create(SessionTransition transition)
        => new(transition.Time, transition.From?.ToWire(), transition.To.ToWire(), transition.Reason, transition.Incarnation, transition.Seq, transition.Actor, transition.Note);
}
