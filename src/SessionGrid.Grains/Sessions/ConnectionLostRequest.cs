namespace SessionGrid.Grains.Sessions;

/// <summary>A connection ended. <paramref name="Reason"/> is a <see cref="TransitionReasons"/> word.</summary>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.ConnectionLostRequest")]
public sealed record ConnectionLostRequest([property: Id(0)] long ConnectionId, [property: Id(1)] string Reason, [property: Id(2)] long BytesIn);
