using System.Text;
using Microsoft.Extensions.Options;

namespace SessionGrid.Api.Security;

/// <summary>Fails start-up, with the setting's name, on a key too short to sign safely or an empty issuer or audience.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.SigningKey is { Length: > 0 } key && Encoding.UTF8.GetByteCount(key) < AuthOptions.MinimumKeyBytes)
        {
            failures.Add($"Auth:SigningKey must be at least {AuthOptions.MinimumKeyBytes} bytes (was {Encoding.UTF8.GetByteCount(key)}).");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("Auth:Issuer must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Audience must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
