namespace SessionGrid.Client;

/// <summary>The client stopped for good without being asked to: attempts exhausted, a final close, or reconnect off.</summary>
public sealed class GaveUpEventArgs(ClientStopInfo info) : EventArgs
{
    /// <summary>Why, with the last failure.</summary>
    public ClientStopInfo Info { get; } = info;
}
