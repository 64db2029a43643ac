namespace SessionGrid.Grains.Sessions;

/// <summary>A transition with its states as API words ("live", "leave", "closed"; From null at a start).</summary>
public sealed record SessionTransitionView(DateTimeOffset Time, string? From, string To, string Reason, int Incarnation)
{
    public static SessionTransitionView Create(SessionTransition transition)
        => new(transition.Time, transition.From?.ToWire(), transition.To.ToWire(), transition.Reason, transition.Incarnation);
}
