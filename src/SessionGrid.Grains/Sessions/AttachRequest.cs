namespace SessionGrid.Grains.Sessions;

/// <summary>A connection presents itself to its session: on its first frame, or on a hello.</summary>
/// <param name="Connection">The connection; the grain keeps it until it closes or is replaced.</param>
/// <param name="RequestedIntervalSeconds">The hello's <c>interval</c>, if any.</param>
/// <param name="Resumed">
/// The same connection presents itself again because the activation that held it is gone; this is
/// not a client reconnect and is not counted as one.
/// </param>
public readonly record struct AttachRequest(ISessionConnection Connection, int? RequestedIntervalSeconds, bool Resumed = false);
