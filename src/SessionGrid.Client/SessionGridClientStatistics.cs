namespace SessionGrid.Client;

/// <summary>A snapshot of a client's state and counters (<see cref="SessionGridClient.GetStatistics"/>).</summary>
public sealed record SessionGridClientStatistics
{
    /// <summary>Where the client is in its life.</summary>
    public required ClientState State { get; init; }

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => State == ClientState.Connected;

    /// <summary>The session id, once known (a derived id is fixed at the first connection).</summary>
    public string? SessionId { get; init; }

    /// <summary>Connection attempts made, successful or not.</summary>
    public long ConnectionAttempts { get; init; }

    /// <summary>Connections opened.</summary>
    public long Connections { get; init; }

    /// <summary>Connections opened after the first one.</summary>
    public long Reconnects { get; init; }

    /// <summary>Heartbeats handed to the network.</summary>
    public long HeartbeatsSent { get; init; }

    /// <summary><c>welcome</c> frames received.</summary>
    public long WelcomesReceived { get; init; }

    /// <summary><c>state</c> frames received.</summary>
    public long StatesReceived { get; init; }

    /// <summary><c>close</c> frames received.</summary>
    public long ClosesReceived { get; init; }

    /// <summary><c>error</c> frames received.</summary>
    public long ErrorsReceived { get; init; }

    /// <summary><c>ack</c> frames received.</summary>
    public long AcksReceived { get; init; }

    /// <summary>Frames of a type this client does not know (ignored, for forward compatibility).</summary>
    public long UnknownFramesReceived { get; init; }

    /// <summary>The kind of the last failure, if any.</summary>
    public DisconnectKind? LastFailureKind { get; init; }

    /// <summary>A sentence about the last failure, if any.</summary>
    public string? LastFailure { get; init; }

    /// <summary>The <c>reason</c> of the last <c>close</c> frame, if any.</summary>
    public string? LastServerCloseReason { get; init; }

    /// <summary>Event handlers that threw (the client carries on; see <see cref="LastHandlerException"/>).</summary>
    public long HandlerFailures { get; init; }

    /// <summary>The last exception an event handler threw, if any.</summary>
    public Exception? LastHandlerException { get; init; }

    /// <summary>The heartbeat interval in force (the configured one, or a shorter one named by the welcome).</summary>
    public TimeSpan CurrentInterval { get; init; }
}
