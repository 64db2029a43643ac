using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionGrid.Api.Security;

/// <summary>Authentication (JWT bearer with a key, else loopback-as-operator) and the viewer/operator policies.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Registers authentication and authorization from the <c>Auth</c> section (the key also from
    /// <c>SESSIONGRID_SIGNING_KEY</c>); returns the options, checked.
    /// </summary>
    public static AuthOptions AddSessionGridSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrEmpty(auth.SigningKey))
        {
            auth.SigningKey = configuration[AuthOptions.KeyVariable];
        }

        var invalid = new AuthOptionsValidator().Validate(null, auth);
        if (invalid.Failed)
        {
            throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions), invalid.Failures);
        }

        services.AddSingleton(Options.Create(auth));
        if (auth.RequiresTokens)
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(bearer =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = SessionTokens.ValidationParameters(auth);
                bearer.Events = new BearerEvents();
            });
        }
        else
        {
            services.AddAuthentication(LoopbackAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, LoopbackAuthenticationHandler>(LoopbackAuthenticationHandler.SchemeName, null);
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Viewer, policy => policy.RequireRole(ApiRoles.Viewer, ApiRoles.Operator))
            .AddPolicy(ApiPolicies.Operator, policy => policy.RequireRole(ApiRoles.Operator));
        return auth;
    }

    /// <summary>
    /// Authentication, the per-client rate limiter (which partitions by the authenticated subject),
    /// then authorization: before any endpoint runs.
    /// </summary>
    public static WebApplication UseSessionGridSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
