namespace SessionGrid.Grains.Sessions;

/// <summary>A connection presents itself to its session: on its first frame, or on a hello.</summary>
/// <param name="Connection">The connection; the grain keeps it until it closes or is replaced.</param>
/// <param name="RequestedIntervalSeconds">The hello's <c>interval</c>, if any.</param>
public readonly record struct AttachRequest(ISessionConnection Connection, int? RequestedIntervalSeconds);
