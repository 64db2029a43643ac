using System.Net;
using Microsoft.Extensions.Options;
using SessionGrid.Api.Security;

namespace SessionGrid.Silo.Hosting;

/// <summary>Secure by default: without a signing key the API listens on loopback only, and nothing else is allowed.</summary>
internal static class HttpListenAddress
{
    public static IPAddress Resolve(HttpOptions http, AuthOptions auth)
    {
        if (string.IsNullOrWhiteSpace(http.ListenAddress))
        {
            return auth.RequiresTokens ? IPAddress.Any : IPAddress.Loopback;
        }

        var address = SiloApplication.ParseAddress(http.ListenAddress, "Http:ListenAddress");
        if (!auth.RequiresTokens && !IPAddress.IsLoopback(address))
        {
            throw new OptionsValidationException(HttpOptions.SectionName, typeof(HttpOptions),
                [$"Http:ListenAddress {address} reaches beyond loopback, which needs Auth:SigningKey (at least {AuthOptions.MinimumKeyBytes} bytes) so that callers must show a token: set the key or listen on 127.0.0.1."]);
        }

        return address;
    }
}
