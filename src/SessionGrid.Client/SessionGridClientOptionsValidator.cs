using System.Text;
using SessionGrid.Protocol;

namespace SessionGrid.Client;

/// <summary>
/// Checks <see cref="SessionGridClientOptions"/>; every message names the option, the rule and the value,
/// so a misconfigured client fails at construction with a sentence an operator can act on.
/// </summary>
public static class SessionGridClientOptionsValidator
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);
    private const int MaxFrameLengthCeiling = 16 * 1024 * 1024;

    /// <summary>All problems found; empty when the options are valid.</summary>
    public static IReadOnlyList<string> Validate(SessionGridClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Host is required: the gateway's DNS name or IP address.");
        }
        else if (Uri.CheckHostName(options.Host) == UriHostNameType.Unknown)
        {
            errors.Add($"Host '{options.Host}' is not a valid host name or IP address.");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Port must be between 1 and 65535 (was {options.Port}).");
        }

        CheckIdentifier(errors, nameof(options.SessionId), options.SessionId, IdentifierRules.MaxIdBytes);
        CheckIdentifier(errors, nameof(options.DeclaredIp), options.DeclaredIp, IdentifierRules.MaxIpBytes);

        if (options.Pid is < 0)
        {
            errors.Add($"Pid must not be negative (was {options.Pid}).");
        }

        if (options.Token is not null && !options.Hello)
        {
            errors.Add("Token is sent only in the hello: set Hello to true, or leave Token null.");
        }

        if (options.Token is { Length: 0 })
        {
            errors.Add("Token must not be empty; leave it null when the cluster needs none.");
        }

        if (options.Interval < MinInterval || options.Interval > MaxInterval)
        {
            errors.Add($"Interval must be between {MinInterval} and {MaxInterval} (was {options.Interval}).");
        }

        CheckFraction(errors, nameof(options.IntervalJitter), options.IntervalJitter, 0.5);
        CheckPositive(errors, nameof(options.AckTimeout), options.AckTimeout);
        CheckPositive(errors, nameof(options.ConnectTimeout), options.ConnectTimeout);
        CheckPositive(errors, nameof(options.HandshakeTimeout), options.HandshakeTimeout);
        CheckPositive(errors, nameof(options.SendTimeout), options.SendTimeout);
        CheckPositive(errors, nameof(options.ByeTimeout), options.ByeTimeout);

        if (options.ByeReason is null)
        {
            errors.Add("ByeReason must not be null.");
        }

        if (options.MaxFrameLength is < 1 or > MaxFrameLengthCeiling)
        {
            errors.Add($"MaxFrameLength must be between 1 and {MaxFrameLengthCeiling} bytes (was {options.MaxFrameLength}).");
        }

        if (options.TimeProvider is null)
        {
            errors.Add("TimeProvider must not be null; use TimeProvider.System.");
        }

        if (options.Reconnect is null)
        {
            errors.Add("Reconnect must not be null.");
        }
        else
        {
            ValidateReconnect(errors, options.Reconnect);
        }

        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, when there is any.</summary>
    public static void ThrowIfInvalid(SessionGridClientOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid SessionGrid client options: {string.Join(" ", errors)}", nameof(options));
        }
    }

    private static void ValidateReconnect(List<string> errors, ReconnectOptions reconnect)
    {
        if (reconnect.InitialDelay < TimeSpan.Zero)
        {
            errors.Add($"Reconnect.InitialDelay must not be negative (was {reconnect.InitialDelay}).");
        }

        if (reconnect.MaxDelay < reconnect.InitialDelay)
        {
            errors.Add($"Reconnect.MaxDelay ({reconnect.MaxDelay}) must be at least Reconnect.InitialDelay ({reconnect.InitialDelay}).");
        }

        if (reconnect.MaxDelay > MaxInterval)
        {
            errors.Add($"Reconnect.MaxDelay must be at most {MaxInterval} (was {reconnect.MaxDelay}).");
        }

        if (!(reconnect.Multiplier >= 1.0 && reconnect.Multiplier <= 10.0))
        {
            errors.Add($"Reconnect.Multiplier must be between 1 and 10 (was {reconnect.Multiplier}).");
        }

        CheckFraction(errors, "Reconnect.Jitter", reconnect.Jitter, 1.0);

        if (reconnect.MaxAttempts is < 1)
        {
            errors.Add($"Reconnect.MaxAttempts must be at least 1, or null to retry forever (was {reconnect.MaxAttempts}).");
        }
    }

    private static void CheckIdentifier(List<string> errors, string name, string? value, int maxBytes)
    {
        if (value is null)
        {
            return;
        }

        if (!IdentifierRules.IsValid(Encoding.UTF8.GetBytes(value), maxBytes, allowEmpty: false))
        {
            errors.Add($"{name} must be 1 to {maxBytes} UTF-8 bytes of printable text, not only spaces (was \"{Printable(value)}\").");
        }
    }

    private static void CheckFraction(List<string> errors, string name, double value, double max)
    {
        // Written so that NaN fails too.
        if (!(value >= 0.0 && value <= max))
        {
            errors.Add($"{name} must be between 0 and {max} (was {value}).");
        }
    }

    private static void CheckPositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be greater than zero (was {value}).");
        }
    }

    // A bad id may hold control characters; the message must not carry them into logs.
    private static string Printable(string value)
    {
        var shown = value.Length > 40 ? value[..40] + "..." : value;
        var builder = new StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return builder.ToString();
    }
}
