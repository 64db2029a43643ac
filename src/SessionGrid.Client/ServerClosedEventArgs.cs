namespace SessionGrid.Client;

/// <summary>The server sent <c>close</c> and is closing the connection.</summary>
public sealed class ServerClosedEventArgs(string? reason, bool willReconnect) : EventArgs
{
    /// <summary><c>leave-timeout</c>, <c>kicked</c>, <c>taken-over</c>, <c>client-closed</c>, <c>shutdown</c>, or a reason added later.</summary>
    public string? Reason { get; } = reason;

    /// <summary>Whether the reconnect policy lets the client come back after this reason.</summary>
    public bool WillReconnect { get; } = willReconnect;
}
