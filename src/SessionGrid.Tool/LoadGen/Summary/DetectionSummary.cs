namespace SessionGrid.Tool.LoadGen.Summary;

/// <summary>
/// How fast the server noticed silent clients: from a silent client's last heartbeat to its
/// receipt of a <c>state</c> leave frame. Percentiles are null when nothing was detected.
/// </summary>
/// <param name="Silenced">Silent clients that stopped sending.</param>
/// <param name="Detected">Of those, how many received the leave frame.</param>
/// <param name="PolicyLeaveAfterMs">The server's <c>leaveAfter</c> from its welcome frame; null without hello.</param>
internal sealed record DetectionSummary(long Silenced, long Detected, long? P50Ms, long? P99Ms, long? MaxMs, long? PolicyLeaveAfterMs);
