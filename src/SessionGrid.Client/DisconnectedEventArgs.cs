namespace SessionGrid.Client;

/// <summary>An open connection ended.</summary>
public sealed class DisconnectedEventArgs(DisconnectKind kind, string message, Exception? exception) : EventArgs
{
    /// <summary>How it ended.</summary>
    public DisconnectKind Kind { get; } = kind;

    /// <summary>A sentence for logs.</summary>
    public string Message { get; } = message;

    /// <summary>The exception behind it, if any.</summary>
    public Exception? Exception { get; } = exception;
}
