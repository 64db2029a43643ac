namespace SessionGrid.Tool.LoadGen.Summary;

/// <summary>
/// How long reconnecting clients took to resume: from the start of a reconnect's connect to its
/// <c>welcome</c> (so across silos, the session's grain moving too). Percentiles are null without reconnects.
/// </summary>
/// <param name="Resumed">Reconnects that got their welcome.</param>
internal sealed record ResumeSummary(long Resumed, long? P50Ms, long? P99Ms, long? MaxMs);
