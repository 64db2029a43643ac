namespace SessionGrid.Grains.Cluster;

/// <summary>One silo's gateway load, as its <see cref="ISiloLoadService"/> reports it.</summary>
/// <param name="ConnectionsOpen">Client connections open now.</param>
/// <param name="Heartbeats">Heartbeats received since the silo started.</param>
/// <param name="HeartbeatsPerSecond">Heartbeats per second over the last sampling period.</param>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.SiloLoad")]
public sealed record SiloLoad(
    [property: Id(0)] long ConnectionsOpen,
    [property: Id(1)] long Heartbeats,
    [property: Id(2)] double HeartbeatsPerSecond);
