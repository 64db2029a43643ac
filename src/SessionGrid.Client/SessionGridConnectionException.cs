namespace SessionGrid.Client;

/// <summary>
/// A connection attempt failed or a connection broke; <see cref="Kind"/> classifies it and
/// <see cref="Exception.InnerException"/> holds the socket or DNS error when there is one.
/// </summary>
public sealed class SessionGridConnectionException : IOException
{
    public SessionGridConnectionException(DisconnectKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What kind of failure it was.</summary>
    public DisconnectKind Kind { get; }
}
