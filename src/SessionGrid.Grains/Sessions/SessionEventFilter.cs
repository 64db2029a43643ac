namespace SessionGrid.Grains.Sessions;

/// <summary>
/// Which events to read or stream: of one session (<see cref="SessionId"/>), of sessions whose id starts
/// with <see cref="IdPrefix"/>, and/or transitions into <see cref="Status"/>. Every filter given must hold.
/// </summary>
public sealed record SessionEventFilter(string? SessionId = null, SessionStatus? Status = null, string? IdPrefix = null)
{
    public static readonly SessionEventFilter All = new();

    public bool Matches(SessionEvent item)
        => (SessionId is null || string.Equals(item.SessionId, SessionId, StringComparison.Ordinal))
            && (Status is null || item.Transition.To == Status)
            && (IdPrefix is null || item.SessionId.StartsWith(IdPrefix, StringComparison.Ordinal));
}
