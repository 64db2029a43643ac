namespace SessionGrid.Dashboard.Data;

/// <summary>One named line of a chart: a value per reading time of its <see cref="OverviewHistory"/>, oldest first; null is a gap.</summary>
public sealed record TimeSeries(string Name, IReadOnlyList<double?> Values);
