namespace SessionGrid.Client;

/// <summary>The client waits <see cref="Delay"/>, then makes connection attempt <see cref="Attempt"/>.</summary>
public sealed class ReconnectingEventArgs(int attempt, TimeSpan delay, DisconnectKind lastFailureKind, string lastFailure) : EventArgs
{
    /// <summary>The number of the coming attempt in the current run of retries (1 = the first after a proven connection dropped).</summary>
    public int Attempt { get; } = attempt;

    /// <summary>The backoff delay before it.</summary>
    public TimeSpan Delay { get; } = delay;

    /// <summary>What went wrong last.</summary>
    public DisconnectKind LastFailureKind { get; } = lastFailureKind;

    /// <summary>A sentence about the last failure.</summary>
    public string LastFailure { get; } = lastFailure;
}
