namespace SessionGrid.Grains.Sessions;

/// <summary>A connection ended. <paramref name="Reason"/> is a <see cref="TransitionReasons"/> word.</summary>
public readonly record struct ConnectionLostRequest(long ConnectionId, string Reason, long BytesIn);
