namespace SessionGrid.Api.Security;

/// <summary>Who may call the API. Bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Shortest signing key accepted: HMAC-SHA256 wants at least as many bytes as its output.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>Environment variable read for the key when <c>Auth:SigningKey</c> is not set (the silo and <c>sessiongrid token create</c>).</summary>
    public const string KeyVariable = "SESSIONGRID_SIGNING_KEY";

    /// <summary>
    /// HMAC-SHA256 key that signs and checks tokens (UTF-8, at least 32 bytes). Default none: the HTTP
    /// endpoint then listens on loopback only and loopback callers act as operator.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Token issuer (<c>iss</c>). Default <c>sessiongrid</c>.</summary>
    public string Issuer { get; set; } = "sessiongrid";

    /// <summary>Token audience (<c>aud</c>). Default <c>sessiongrid-api</c>.</summary>
    public string Audience { get; set; } = "sessiongrid-api";

    /// <summary>True when a signing key is set and tokens are required.</summary>
    public bool RequiresTokens => !string.IsNullOrEmpty(SigningKey);
}
