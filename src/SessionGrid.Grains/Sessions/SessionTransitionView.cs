namespace SessionGrid.Grains.Sessions;

/// <summary>A transition with its states as API words ("live", "leave", "closed"; From null at a start).</summary>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.SessionTransitionView")]
public sealed record SessionTransitionView([property: Id(0)] DateTimeOffset Time, [property: Id(1)] string? From, [property: Id(2)] string To, [property: Id(3)] string Reason, [property: Id(4)] int Incarnation)
{
    public static SessionTransitionView Create(SessionTransition transition)
        => new(transition.Time, transition.From?.ToWire(), transition.To.ToWire(), transition.Reason, transition.Incarnation);
}
