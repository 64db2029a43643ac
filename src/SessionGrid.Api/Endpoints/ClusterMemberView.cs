namespace SessionGrid.Api.Endpoints;

/// <summary>One member as this silo sees it.</summary>
public sealed record ClusterMemberView(string Address, string? Name, string Status);
