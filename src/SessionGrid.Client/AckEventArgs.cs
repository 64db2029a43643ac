namespace SessionGrid.Client;

/// <summary>The server acknowledged a heartbeat (only with <see cref="SessionGridClientOptions.RequestAcks"/>).</summary>
public sealed class AckEventArgs(long seq, TimeSpan? roundTrip) : EventArgs
{
    /// <summary>The acknowledged heartbeat's sequence number.</summary>
    public long Seq { get; } = seq;

    /// <summary>Time from sending the heartbeat to its ack, when the heartbeat was sent on this connection.</summary>
    public TimeSpan? RoundTrip { get; } = roundTrip;
}
