using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>One event of <c>GET /api/events</c> and of the stream: the session, the silo that made it, and the transition.</summary>
public sealed record EventView(string SessionId, long Seq, string? Silo, SessionTransitionView Transition)
{
    public static EventView Create(SessionEvent item)
        => new(item.SessionId, item.Transition.Seq, item.Silo, SessionTransitionView.Create(item.Transition));
}
