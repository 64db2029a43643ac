namespace SessionGrid.Dashboard.Tests.Browser;

/// <summary>
/// One trace of a plotly chart as the browser holds it: its name, then its points as category or time
/// labels and values (for a horizontal bar, the bars' labels are plotly's y and their lengths its x); a
/// null value is a gap.
/// </summary>
public sealed record ChartTrace(string Name, string[] Labels, double?[] Values);
