namespace SessionGrid.Tool.LoadGen.Summary;

/// <summary>When a run's phases ended, for its summary.</summary>
/// <param name="ElapsedSeconds">From the start to the last client closed.</param>
/// <param name="RampSeconds">From the start until every first connect finished.</param>
/// <param name="OpenAtEnd">Connections open when the run was told to stop.</param>
internal readonly record struct RunTimes(double ElapsedSeconds, double RampSeconds, long OpenAtEnd);
