namespace SessionGrid.Tool.LoadGen.Summary;

/// <summary>First connections that came up or failed, and connections open when the run ended.</summary>
internal sealed record ConnectionCounts(long Up, long Failed, long OpenAtEnd);
