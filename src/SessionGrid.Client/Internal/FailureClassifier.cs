using System.Net.Sockets;

namespace SessionGrid.Client.Internal;

/// <summary>Maps socket errors to <see cref="DisconnectKind"/>s, and wraps them with a sentence.</summary>
internal static class FailureClassifier
{
    public static DisconnectKind Classify(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SessionGridConnectionException known:
                    return known.Kind;
                case SocketException socket:
                    return Classify(socket.SocketErrorCode);
                case TimeoutException:
                    return DisconnectKind.Timeout;
            }
        }

        return DisconnectKind.Other;
    }

    public static DisconnectKind Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => DisconnectKind.Refused,

        // Linux reports a write after the peer's RST as EPIPE, which .NET maps to Shutdown.
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected => DisconnectKind.Reset,
        SocketError.TimedOut => DisconnectKind.Timeout,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain or SocketError.NoRecovery => DisconnectKind.Dns,
        _ => DisconnectKind.Other,
    };

    /// <summary>The failure as a <see cref="SessionGridConnectionException"/> saying what was being done.</summary>
    public static SessionGridConnectionException Wrap(Exception exception, string doing)
    {
        if (exception is SessionGridConnectionException known)
        {
            return known;
        }

        var kind = Classify(exception);
        var detail = kind switch
        {
            DisconnectKind.Refused => "the connection was refused",
            DisconnectKind.Reset => "the connection was reset",
            DisconnectKind.Timeout => "it timed out",
            _ => exception.Message,
        };
        return new SessionGridConnectionException(kind, $"{doing} failed: {detail}.", exception);
    }
}
