namespace SessionGrid.Api.Security;

/// <summary>The roles a token's <c>role</c> claim carries. An operator can do everything a viewer can.</summary>
public static class ApiRoles
{
    /// <summary>Reads sessions, events, stats and metrics.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also acts on sessions (kick) and opens the Orleans dashboard.</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator];
}
