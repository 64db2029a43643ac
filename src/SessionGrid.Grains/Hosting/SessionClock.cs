namespace SessionGrid.Grains.Hosting;

/// <summary>
/// The clock of SessionGrid's own logic (state machine, deadlines, write-behind, gateway timeouts): a
/// keyed <see cref="TimeProvider"/>, <see cref="TimeProvider.System"/> unless replaced. Orleans keeps its
/// own clock, so tests can move session time by hand without stalling the runtime underneath.
/// </summary>
public static class SessionClock
{
    public const string Key = "SessionGrid";
}
