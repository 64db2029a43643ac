namespace SessionGrid.Client;

/// <summary>
/// Reconnect policy: exponential backoff with jitter, a ceiling on the delay, an optional cap on
/// attempts, and which server <c>close</c> reasons end the client instead.
/// </summary>
/// <remarks>
/// The n-th retry in a row waits <c>min(MaxDelay, InitialDelay * Multiplier^(n-1))</c>, then scaled by a
/// random factor in [1 - Jitter, 1 + Jitter] and clamped to MaxDelay. The count starts again once a
/// connection has proven itself (a welcome, an ack or a state frame arrived, or it carried heartbeats
/// for a full interval), so a client that was connected for a day retries quickly when it drops.
/// </remarks>
public sealed class ReconnectOptions
{
    /// <summary>Reconnect at all; when false the first failure ends the client. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Delay before the first retry. Default 500 ms.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Ceiling on any delay (at least <see cref="InitialDelay"/>). Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Growth factor per retry (1 to 10; 1 means a constant delay). Default 2.</summary>
    public double Multiplier { get; set; } = 2.0;

    /// <summary>Random spread of each delay (0 to 1), so a fleet does not reconnect in lockstep after a server restart. Default 0.2.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>
    /// Consecutive failed connection attempts after which the client gives up; null retries forever.
    /// A connection that drops before proving itself counts as a failed attempt. Default null.
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Reconnect after a <c>close</c> with reason <c>kicked</c> (an operator closed the session). Default false.</summary>
    public bool ReconnectAfterKick { get; set; }

    /// <summary>Reconnect after a <c>close</c> with reason <c>client-closed</c> (this client declared close). Default false.</summary>
    public bool ReconnectAfterClientClosed { get; set; }

    /// <summary>
    /// Reconnect after a <c>close</c> with reason <c>taken-over</c>. Off by default because another
    /// connection now speaks for this session id: two clients with one id would take it from each other forever.
    /// </summary>
    public bool ReconnectAfterTakenOver { get; set; }

    internal ReconnectOptions Clone() => (ReconnectOptions)MemberwiseClone();
}
