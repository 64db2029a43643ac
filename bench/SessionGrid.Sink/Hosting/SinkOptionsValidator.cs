using System.Net;
using Microsoft.Extensions.Options;

namespace SessionGrid.Sink.Hosting;

/// <summary>Fails start-up with the setting's name when the sink cannot listen as configured.</summary>
public sealed class SinkOptionsValidator : IValidateOptions<SinkOptions>
{
    public ValidateOptionsResult Validate(string? name, SinkOptions options)
    {
        var failures = new List<string>();
        CheckPort(failures, "Sink:Port", options.Port);
        CheckPort(failures, "Sink:HttpPort", options.HttpPort);
        CheckAddress(failures, "Sink:ListenAddress", options.ListenAddress);
        CheckAddress(failures, "Sink:HttpListenAddress", options.HttpListenAddress);
        if (options.Port != 0 && options.Port == options.HttpPort)
        {
            failures.Add($"Sink:Port and Sink:HttpPort must differ (both {options.Port}).");
        }

        if (options.MaxFrameLength is < 64 or > 16 * 1024 * 1024)
        {
            failures.Add($"Sink:MaxFrameLength must be 64 bytes..16 MiB (was {options.MaxFrameLength}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(List<string> failures, string key, int port)
    {
        if (port is < 0 or > 65535)
        {
            failures.Add($"{key} must be 0..65535 (was {port}).");
        }
    }

    private static void CheckAddress(List<string> failures, string key, string? address)
    {
        if (!IPAddress.TryParse(address, out _))
        {
            failures.Add($"{key} must be an IP address (was '{address}').");
        }
    }
}
