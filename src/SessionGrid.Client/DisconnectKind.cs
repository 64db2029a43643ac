namespace SessionGrid.Client;

/// <summary>Why a connection attempt failed or a connection ended.</summary>
public enum DisconnectKind
{
    /// <summary>Nothing listened at the address (TCP RST in answer to the SYN).</summary>
    Refused,

    /// <summary>The connection was reset (RST) or aborted under the client.</summary>
    Reset,

    /// <summary>A connect, handshake, send or ack did not complete in time.</summary>
    Timeout,

    /// <summary>The host name could not be resolved.</summary>
    Dns,

    /// <summary>The server ended the connection: a <c>close</c> frame, or a plain close (FIN) without one.</summary>
    ClosedByServer,

    /// <summary>The server sent an <c>error</c> frame, or bytes that are not valid frames.</summary>
    Protocol,

    /// <summary>Any other network failure (unreachable network, no route, ...).</summary>
    Other,

    /// <summary>The client itself ended the connection (stop, dispose, cancellation); not a failure.</summary>
    Stopped,
}
