using System.Net;
using Microsoft.Extensions.Options;

namespace SessionGrid.Gateway.Hosting;

/// <summary>Fails start-up with the setting's name when the gateway cannot work as configured.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Gateway:Port must be 0..65535 (was {options.Port}).");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"Gateway:ListenAddress must be an IP address (was '{options.ListenAddress}').");
        }

        if (options.MaxFrameLength is < 64 or > 16 * 1024 * 1024)
        {
            failures.Add($"Gateway:MaxFrameLength must be 64 bytes..16 MiB (was {options.MaxFrameLength}).");
        }

        if (options.HandshakeTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Gateway:HandshakeTimeout must be positive (was {options.HandshakeTimeout}).");
        }

        if (options.FrameTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Gateway:FrameTimeout must be positive (was {options.FrameTimeout}).");
        }

        if (options.CloseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Gateway:CloseTimeout must be positive (was {options.CloseTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
