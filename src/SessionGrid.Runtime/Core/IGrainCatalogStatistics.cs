namespace SessionGrid.Runtime.Core;

/// <summary>Read-only figures of the local grain catalog, for health checks and metrics.</summary>
public interface IGrainCatalogStatistics
{
    /// <summary>Activations currently in the catalog, whatever their state (activating, valid, deactivating).</summary>
    int ActivationCount { get; }
}
