using Microsoft.Extensions.Options;

namespace SessionGrid.Silo.Hosting;

/// <summary>Fails start-up with the setting's name when the silo cannot join a cluster as configured.</summary>
public sealed class OrleansOptionsValidator : IValidateOptions<OrleansOptions>
{
    public ValidateOptionsResult Validate(string? name, OrleansOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Orleans:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Orleans:ServiceId must not be empty.");
        }

        if (options.SiloPort is < 1 or > 65535)
        {
            failures.Add($"Orleans:SiloPort must be 1..65535 (was {options.SiloPort}).");
        }

        if (options.GatewayPort is < 0 or > 65535)
        {
            failures.Add($"Orleans:GatewayPort must be 0..65535, 0 for none (was {options.GatewayPort}).");
        }
        else if (options.GatewayPort == options.SiloPort)
        {
            failures.Add($"Orleans:GatewayPort and Orleans:SiloPort must differ (both {options.SiloPort}).");
        }

        if (!System.Net.IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"Orleans:AdvertisedAddress must be an IP address (was '{options.AdvertisedAddress}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
