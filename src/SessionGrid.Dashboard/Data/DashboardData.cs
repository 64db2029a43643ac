namespace SessionGrid.Dashboard.Data;

/// <summary>Placeholder.</summary>
public sealed class DashboardData;
