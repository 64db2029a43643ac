using System.Net;
using System.Net.Sockets;

namespace SessionGrid.Client.Internal;

/// <summary>
/// One connection attempt: resolve the host (every attempt, so a moved server is found), then try its
/// addresses in order, all within one timeout. Failures come out as <see cref="SessionGridConnectionException"/>s.
/// </summary>
internal static class Connector
{
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var addresses = await ResolveAsync(host, timeout, linked.Token, cancellationToken);

        SessionGridConnectionException? last = null;
        foreach (var address in addresses)
        {
            var endpoint = new IPEndPoint(address, port);
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint, linked.Token);
                return socket;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new SessionGridConnectionException(
                    DisconnectKind.Timeout, $"Connecting to {endpoint} ({host}) timed out after {timeout}.");
            }
            catch (SocketException ex)
            {
                socket.Dispose();

                // Try the next address (e.g. ::1 refused, 127.0.0.1 listening), keep the last reason.
                last = FailureClassifier.Wrap(ex, $"Connecting to {endpoint} ({host})");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SessionGridConnectionException(DisconnectKind.Dns, $"The host name '{host}' resolved to no address.");
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, TimeSpan timeout, CancellationToken token, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(host, token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SessionGridConnectionException(
                DisconnectKind.Dns, $"The host name '{host}' could not be resolved: no answer within {timeout}.");
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            // Whatever the resolver says (not found, try again, no data), the name is what failed.
            throw new SessionGridConnectionException(
                DisconnectKind.Dns, $"The host name '{host}' could not be resolved: {ex.Message}", ex);
        }
    }
}
