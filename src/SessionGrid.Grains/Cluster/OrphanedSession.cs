namespace SessionGrid.Grains.Cluster;

/// <summary>A live session whose owner silo is no longer in the cluster.</summary>
public sealed record OrphanedSession(string SessionId, string OwnerSilo);
