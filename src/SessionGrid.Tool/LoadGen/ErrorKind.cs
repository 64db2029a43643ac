namespace SessionGrid.Tool.LoadGen;

/// <summary>Why a connection failed or ended against the client's will; the summary's <c>errors</c> keys.</summary>
internal enum ErrorKind
{
    /// <summary>Nothing listens at the target (ECONNREFUSED).</summary>
    Refused,

    /// <summary>The server reset the connection (ECONNRESET).</summary>
    Reset,

    /// <summary>A connect took longer than the connect timeout, or the network timed out.</summary>
    Timeout,

    /// <summary>The target's host name did not resolve.</summary>
    Dns,

    /// <summary>The server closed the connection (FIN) while the client still wanted it.</summary>
    ClosedByServer,

    /// <summary>The process ran out of file descriptors (EMFILE): raise <c>ulimit -n</c> or run fewer clients per process.</summary>
    TooManyOpenFiles,

    /// <summary>No local address/port was left (EADDRNOTAVAIL, EADDRINUSE): spread clients over more <c>--source-addresses</c>.</summary>
    AddressUnavailable,

    /// <summary>Anything else.</summary>
    Other,
}
