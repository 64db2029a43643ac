namespace SessionGrid.Grains.Sessions;

/// <summary>One client session, keyed by its session id (PROTOCOL.md "Session id").</summary>
[Alias("SessionGrid.IClientSessionGrain")]
public interface IClientSessionGrain : IGrainWithStringKey
{
    /// <summary>A connection presents itself; a previous connection of the session is closed with <c>taken-over</c>.</summary>
    [Alias("Attach")]
    ValueTask<AttachResult> AttachAsync(AttachRequest request);

    /// <summary>Counts a heartbeat and runs the state machine.</summary>
    [Alias("Heartbeat")]
    ValueTask<HeartbeatOutcome> HeartbeatAsync(HeartbeatRequest request);

    /// <summary>The client said bye on its connection: the session closes with <c>client-closed</c>.</summary>
    [Alias("Bye")]
    ValueTask<HeartbeatOutcome> ByeAsync(ByeRequest request);

    /// <summary>The connection ended (the session goes to leave if it was live).</summary>
    [Alias("ConnectionLost")]
    ValueTask ConnectionLostAsync(ConnectionLostRequest request);

    /// <summary>Counts a protocol violation on the session's connection.</summary>
    [Alias("RecordProtocolViolation")]
    ValueTask RecordProtocolViolationAsync(long connectionId);

    /// <summary>The live view of the session; null when no such session exists.</summary>
    [Alias("GetSnapshot")]
    ValueTask<SessionSnapshot?> GetSnapshotAsync();

    /// <summary>
    /// An operator closes the session (reason <c>kicked</c>, the actor and note on its event) and kicks its
    /// client. False when it does not exist or is already closed.
    /// </summary>
    [Alias("Kick")]
    ValueTask<bool> KickAsync(KickRequest request);
}
