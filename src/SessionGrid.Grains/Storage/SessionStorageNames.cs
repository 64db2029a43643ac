namespace SessionGrid.Grains.Storage;

/// <summary>Names of SessionGrid's Orleans storage providers.</summary>
public static class SessionStorageNames
{
    /// <summary>The "sessions" provider: typed session rows, group-committed.</summary>
    public const string Sessions = "sessions";
}
