using System.Net.Sockets;
using System.Text.Json;

namespace SessionGrid.Tool.LoadGen;

/// <summary>Maps socket failures to <see cref="ErrorKind"/>.</summary>
internal static class ErrorKinds
{
    public static readonly ErrorKind[] All = Enum.GetValues<ErrorKind>();

    /// <summary>The summary key: <c>refused</c>, <c>closedByServer</c>, ...</summary>
    public static string Key(ErrorKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    public static ErrorKind Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ErrorKind.Refused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted => ErrorKind.Reset,
        SocketError.TimedOut => ErrorKind.Timeout,
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => ErrorKind.Dns,
        SocketError.TooManyOpenSockets => ErrorKind.TooManyOpenFiles,
        SocketError.AddressNotAvailable or SocketError.AddressAlreadyInUse => ErrorKind.AddressUnavailable,
        _ => ErrorKind.Other,
    };

    /// <summary>Advice printed once when a kind first occurs; null when the counter says enough.</summary>
    public static string? Advice(ErrorKind kind) => kind switch
    {
        ErrorKind.TooManyOpenFiles => "the process ran out of file descriptors (open-file limit, EMFILE): raise `ulimit -n` or split the fleet over several loadgen processes (--first-index).",
        ErrorKind.AddressUnavailable => "no local address/port was left (EADDRNOTAVAIL): spread the clients over more --source-addresses, e.g. 127.0.0.2-127.0.0.60.",
        _ => null,
    };
}
