namespace SessionGrid.Client;

/// <summary>The server moved the session to another state while the client was connected.</summary>
public sealed class StateChangedEventArgs(string? status, string? reason) : EventArgs
{
    /// <summary><c>live</c>, <c>leave</c> or <c>closed</c>.</summary>
    public string? Status { get; } = status;

    /// <summary>Why, e.g. <c>heartbeat-timeout</c>, <c>recovered</c>, <c>reconnected</c>.</summary>
    public string? Reason { get; } = reason;
}
