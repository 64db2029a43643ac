namespace SessionGrid.Tool.LoadGen;

/// <summary>Where a run is, for the live display.</summary>
internal enum LoadPhase
{
    Resolving,
    Ramping,
    Running,
    Stopping,
    Done,
}
