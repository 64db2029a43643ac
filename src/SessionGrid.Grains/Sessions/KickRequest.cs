namespace SessionGrid.Grains.Sessions;

/// <summary>An operator's kick: who (<paramref name="Actor"/>, the API caller's name) and why, in their words (<paramref name="Note"/>, optional).</summary>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.KickRequest")]
public sealed record KickRequest([property: Id(0)] string Actor, [property: Id(1)] string? Note);
