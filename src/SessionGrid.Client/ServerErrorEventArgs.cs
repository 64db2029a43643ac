namespace SessionGrid.Client;

/// <summary>The server reported a protocol violation or its own failure, just before closing.</summary>
public sealed class ServerErrorEventArgs(string? code, string? message) : EventArgs
{
    /// <summary>Wire code, e.g. <c>invalid-field</c>, <c>handshake-timeout</c>, <c>server-error</c>.</summary>
    public string? Code { get; } = code;

    /// <summary>The server's sentence.</summary>
    public string? Message { get; } = message;
}
