using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionGrid.Api.Security;

namespace SessionGrid.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter on the API: a fixed window per client, the client being the token's
/// subject when authenticated and the remote address otherwise; a rejected request gets a 429
/// problem with <c>Retry-After</c>. The TCP gateway is not behind it.
/// </summary>
public static class ApiRateLimiting
{
    public const string PolicyName = "sessiongrid-per-client";

    public static IServiceCollection AddSessionGridRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var limits = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        var failures = new List<string>();
        if (limits.PermitLimit < 1)
        {
            failures.Add($"RateLimiting:PermitLimit must be at least 1 (was {limits.PermitLimit}).");
        }

        if (limits.Window <= TimeSpan.Zero)
        {
            failures.Add($"RateLimiting:Window must be positive (was {limits.Window}).");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(RateLimitOptions.SectionName, typeof(RateLimitOptions), failures);
        }

        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 }));
            limiter.OnRejected = RejectAsync;
        });
    }

    /// <summary>The token's subject when the caller is authenticated, else its address.</summary>
    internal static string ClientKey(HttpContext context)
        => context.User.Identity?.IsAuthenticated == true
            ? "sub:" + context.User.ActorName()
            : "ip:" + context.Connection.RemoteIpAddress;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await SecurityProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, SecurityProblems.RateLimited, $"Too many requests from this client; retry in {seconds} s.");
    }
}
