using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SessionGrid.Api.Security;

/// <summary>Mints and checks SessionGrid's HMAC-SHA256 JWTs: <c>sub</c> names the caller, <c>role</c> is viewer or operator.</summary>
public static class SessionTokens
{
    public const string SubjectClaim = "sub";

    public const string RoleClaim = "role";

    /// <summary>A signed token for <paramref name="subject"/> in <paramref name="role"/>, valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public static string Create(AuthOptions options, string role, string subject, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(options);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim(SubjectClaim, subject), new Claim(RoleClaim, role)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>What a token must satisfy: our key and algorithm, issuer, audience, lifetime.</summary>
    public static TokenValidationParameters ValidationParameters(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = SigningKey(options),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = SubjectClaim,
            RoleClaimType = RoleClaim,
        };
    }

    /// <summary>Checks a token outside a request (sign-in, tools, tests).</summary>
    public static Task<TokenValidationResult> ValidateAsync(AuthOptions options, string token)
        => new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, ValidationParameters(options));

    private static SymmetricSecurityKey SigningKey(AuthOptions options)
        => new(Encoding.UTF8.GetBytes(options.SigningKey ?? throw new InvalidOperationException("Auth:SigningKey is not set.")));
}
