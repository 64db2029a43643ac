using System.CommandLine;
using System.Text;
using SessionGrid.Api.Security;
using SessionGrid.Tool.Cli;

namespace SessionGrid.Tool.Tokens;

/// <summary>
/// <c>sessiongrid token create</c>: prints a token signed with the silo's <c>Auth:SigningKey</c>; its
/// subject is the name operators see on what the token's holder did.
/// </summary>
internal static class TokenCreateCommand
{
    public static Command Create()
    {
        var defaults = new AuthOptions();
        var role = new Option<string>("--role") { HelpName = "ROLE", Description = "viewer (reads) or operator (reads and acts: kick, the Orleans dashboard).", Required = true };
        role.AcceptOnlyFromAmong([.. ApiRoles.All]);
        var key = new Option<string?>("--key") { HelpName = "KEY", Description = $"The silo's Auth:SigningKey (at least {AuthOptions.MinimumKeyBytes} bytes). Default: the {AuthOptions.KeyVariable} environment variable." };
        var expires = new Option<string>("--expires") { HelpName = "DURATION", Description = $"Lifetime: {TokenLifetime.Help}.", Required = true };
        var subject = new Option<string?>("--subject") { HelpName = "NAME", Description = "Who holds the token, as operators see it in events. Default: the current user name." };
        var issuer = new Option<string>("--issuer") { HelpName = "ISSUER", Description = "Must match the silo's Auth:Issuer.", DefaultValueFactory = _ => defaults.Issuer };
        var audience = new Option<string>("--audience") { HelpName = "AUDIENCE", Description = "Must match the silo's Auth:Audience.", DefaultValueFactory = _ => defaults.Audience };

        var command = new Command("create", "Print a signed API token (HMAC-SHA256 JWT) on standard output; what it grants goes to standard error.");
        command.Options.Add(role);
        command.Options.Add(key);
        command.Options.Add(expires);
        command.Options.Add(subject);
        command.Options.Add(issuer);
        command.Options.Add(audience);
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            var problems = new List<string>();
            var signingKey = parsed.GetValue(key);
            if (string.IsNullOrEmpty(signingKey))
            {
                signingKey = Environment.GetEnvironmentVariable(AuthOptions.KeyVariable);
            }

            if (string.IsNullOrEmpty(signingKey))
            {
                problems.Add($"no signing key; pass --key KEY or set {AuthOptions.KeyVariable}.");
            }
            else if (Encoding.UTF8.GetByteCount(signingKey) < AuthOptions.MinimumKeyBytes)
            {
                problems.Add($"the signing key must be at least {AuthOptions.MinimumKeyBytes} bytes (was {Encoding.UTF8.GetByteCount(signingKey)}), like the silo's Auth:SigningKey.");
            }

            var expiresText = parsed.GetValue(expires) ?? string.Empty;
            if (!TokenLifetime.TryParse(expiresText, out var lifetime))
            {
                problems.Add($"--expires must be {TokenLifetime.Help} (got '{expiresText}').");
            }

            var name = parsed.GetValue(subject);
            if (name is not null && string.IsNullOrWhiteSpace(name))
            {
                problems.Add("--subject must not be empty.");
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    error.WriteLine($"sessiongrid token create: {problem}");
                }

                return ExitCodes.BadUsage;
            }

            var options = new AuthOptions { SigningKey = signingKey, Issuer = parsed.GetValue(issuer)!, Audience = parsed.GetValue(audience)! };
            var now = DateTimeOffset.UtcNow;
            var holder = name ?? Environment.UserName;
            var granted = parsed.GetValue(role)!;
            output.WriteLine(SessionTokens.Create(options, granted, holder, now, lifetime));
            error.WriteLine($"Token for {holder} as {granted}, valid until {now + lifetime:u}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
