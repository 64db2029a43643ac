namespace SessionGrid.Grains.Cluster;

/// <summary>This silo's client-facing counters, as the gateway keeps them.</summary>
public interface ISiloLoadSource
{
    /// <summary>Client connections open now.</summary>
    long ConnectionsOpen { get; }

    /// <summary>Heartbeats received since the silo started.</summary>
    long Heartbeats { get; }
}
