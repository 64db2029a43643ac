namespace SessionGrid.Api.Security;

/// <summary>Authorization policy names, for <c>RequireAuthorization(ApiPolicies.Operator)</c> on an endpoint.</summary>
public static class ApiPolicies
{
    /// <summary>A viewer or an operator.</summary>
    public const string Viewer = "sessiongrid-viewer";

    /// <summary>An operator only.</summary>
    public const string Operator = "sessiongrid-operator";
}
